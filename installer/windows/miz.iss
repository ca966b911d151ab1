; Inno Setup 6.3+ script of the Miz workstation installer (per-machine, x64).
;
; Build on Windows (see installer/README.md):
;   python installer\build.py --windows-setup
; which renders the icon, builds dist\miz with PyInstaller and runs
;   ISCC.exe /DMyAppVersion=<version from pyproject.toml> installer\windows\miz.iss
; -> dist\miz-<version>-setup.exe
;
; The program goes to {autopf}\Miz (C:\Program Files\Miz). The data (database,
; backups, workstation.json) lives in each user's own data folder,
; %LOCALAPPDATA%\TVTO\Miz (platformdirs' user data dir, desktop_app/paths.py),
; which this installer never installs into nor deletes: an upgrade replaces only
; the program files and an uninstall leaves the data where it is.
;
; Persian wizard: Inno Setup ships no Persian.isl among its official languages;
; put the translation from https://jrsoftware.org/files/istrans/ (Persian,
; maintained for Inno Setup 6) next to this script as Persian.isl and it is used
; (and chosen automatically on Persian Windows); without it the wizard is English.
; The shortcuts are named in Persian either way.

#ifndef MyAppVersion
  #error Pass the version: ISCC /DMyAppVersion=X.Y.Z miz.iss (installer\build.py --windows-setup does)
#endif
#ifndef MyRoot
  #define MyRoot AddBackslash(SourcePath) + "..\.."
#endif
#define MyAppName "میز خدمت"
#define MyAppExe "miz.exe"
#define MyBundle MyRoot + "\dist\miz"
#define MyIcon MyRoot + "\build\icons\miz.ico"
#define HavePersian FileExists(AddBackslash(SourcePath) + "Persian.isl")

#if !FileExists(MyBundle + "\" + MyAppExe)
  #error dist\miz\miz.exe is missing: run python installer\build.py first
#endif

[Setup]
; AppId identifies Miz across versions: never change it, or upgrades install twice.
AppId={{F991BAA9-33FE-4E1F-A905-2AA98081F9B3}
AppName={#MyAppName}
AppVersion={#MyAppVersion}
AppVerName={#MyAppName} {#MyAppVersion}
AppPublisher=سازمان آموزش فنی و حرفه‌ای کشور
VersionInfoVersion={#MyAppVersion}
VersionInfoProductName=Miz
VersionInfoDescription=Miz (میز خدمت) setup
; Per-machine: C:\Program Files\Miz, shortcuts for all users, needs an administrator.
PrivilegesRequired=admin
DefaultDirName={autopf}\Miz
DisableProgramGroupPage=yes
DisableDirPage=auto
UsePreviousAppDir=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
; Close a running Miz (Restart Manager) before replacing its files.
CloseApplications=yes
RestartApplications=no
UninstallDisplayName={#MyAppName} (Miz)
UninstallDisplayIcon={app}\{#MyAppExe}
#if FileExists(MyIcon)
SetupIconFile={#MyIcon}
#endif
WizardStyle=modern
ShowLanguageDialog=auto
LanguageDetectionMethod=uilanguage
Compression=lzma2/max
SolidCompression=yes
OutputDir={#MyRoot}\dist
OutputBaseFilename=miz-{#MyAppVersion}-setup

[Languages]
#if HavePersian
Name: "persian"; MessagesFile: "Persian.isl"
#endif
Name: "english"; MessagesFile: "compiler:Default.isl"

#if HavePersian
[LangOptions]
persian.LanguageName=فارسی
persian.RightToLeft=yes
#endif

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[InstallDelete]
; An upgrade must not leave modules of the previous version next to the new ones.
; Only the program folder: never the users' data folders.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#MyBundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
#if FileExists(MyIcon)
Source: "{#MyIcon}"; DestDir: "{app}"; Flags: ignoreversion
#endif

[Icons]
Name: "{autoprograms}\{#MyAppName}"; Filename: "{app}\{#MyAppExe}"; WorkingDir: "{app}"; Comment: "میز خدمت آموزش فنی و حرفه‌ای"
Name: "{autodesktop}\{#MyAppName}"; Filename: "{app}\{#MyAppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#MyAppExe}"; Description: "{cm:LaunchProgram,{#MyAppName}}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete] section on purpose: the uninstaller removes only what it
; installed, and the data in %LOCALAPPDATA%\TVTO\Miz stays for a reinstall.
