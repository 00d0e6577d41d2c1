"""Pages: base layout, login, home; vendored static files (Bootstrap, htmx, ECharts)."""
