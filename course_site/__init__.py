"""Python-Markdown extensions for the course site.

They are Markdown extensions rather than MkDocs plugins so the site keeps working
under Material for MkDocs' successor, which runs Markdown extensions but not plugins.
"""
