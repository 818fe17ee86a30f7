"""Seams to the outside world: mail, HTTP APIs, tokens, time, metrics and the file system.

Views call these through their module (``email_service.send_email``), so a test can
replace one function with ``monkeypatch`` or ``mocker.patch`` in one place. The file
system (``file_storage``, the uploaded files) is replaced by configuration instead:
tests point ``UPLOAD_FOLDER`` at a temporary folder.
"""
