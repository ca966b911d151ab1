"""Miz's PDF documents (reportlab, Persian right to left). No Qt; any thread.

Shared machinery used by every report:

- `fonts`: the bundled Vazirmatn fonts (`register_fonts`, FONT_REGULAR/MEDIUM/BOLD);
- `rtl`: Persian text engine (`visual`, `wrap`, `draw_rtl`, `draw_centered`,
  `TextStyle`, `RtlParagraph`, `para`);
- `checkbox`: vector check boxes (`CheckBoxes`, `checkbox_label`);
- `table`: bordered right-to-left tables (`rtl_table`);
- `document`: `build_pdf` with header, "صفحه ۱ از ۲" footer and metadata.
"""
