"""``gradcli explain``: backprop narrated as the lecture does it (text, Markdown, LaTeX)."""
