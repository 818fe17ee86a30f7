"""Realistic bugs planted in the reference file upload app to measure the learner's tests."""

from autograder.material.mutants import Mutant

MUTANTS = [
    Mutant(
        id="name_not_sanitised",
        description="the uploaded name is kept as sent, path and all (../../etc/passwd.txt)",
        replacements=[("original_name = secure_filename(upload.filename)", "original_name = upload.filename")],
    ),
    Mutant(
        id="stored_under_uploaded_name",
        description="files are stored under the uploaded name, so a second upload of that name overwrites the first",
        replacements=[
            ('stored_name=f"{uuid.uuid4().hex}.{extension}",', "stored_name=original_name,"),
            ('path.open("xb")', 'path.open("wb")'),
            (
                "stored_name: Mapped[str] = mapped_column(String(64), unique=True)",
                "stored_name: Mapped[str] = mapped_column(String(255))",
            ),
        ],
    ),
    Mutant(
        id="extension_case_sensitive",
        description="PHOTO.PNG is refused because the extension check is case-sensitive",
        replacements=[('name.rsplit(".", 1)[1].lower()', 'name.rsplit(".", 1)[1]')],
    ),
    Mutant(
        id="first_extension_counts",
        description="photo.png.exe counts as a .png: the first extension is checked, not the last",
        replacements=[('name.rsplit(".", 1)[1].lower()', 'name.split(".")[1].lower()')],
    ),
    Mutant(
        id="client_type_trusted",
        description="content_type is the type the client declared, not the one the content shows",
        replacements=[("content_type=file_type.content_type,", "content_type=upload.mimetype,")],
    ),
    Mutant(
        id="image_format_not_compared",
        description="an image of another format is accepted (a PNG named photo.jpg)",
        replacements=[("Image.open(BytesIO(data), formats=[image_format])", "Image.open(BytesIO(data))")],
    ),
    Mutant(
        id="image_not_decoded",
        description="truncated or damaged images are accepted: only the header is read",
        replacements=[("            image.load()\n", "")],
    ),
    Mutant(
        id="pdf_not_checked",
        description="a .pdf is accepted whatever its content",
        replacements=[
            (
                '        if not data.startswith(b"%PDF-"):\n            raise content_mismatch("a PDF document")\n',
                "        pass\n",
            )
        ],
    ),
    Mutant(
        id="nul_bytes_accepted_as_text",
        description="binary data full of NUL bytes is accepted as a .txt file",
        replacements=[('        if "\\x00" in text:\n            raise content_mismatch("UTF-8 text")\n', "")],
    ),
    Mutant(
        id="empty_file_accepted",
        description="an empty (zero-byte) file is accepted",
        replacements=[('    if not data:\n        raise ApiError(400, "empty_file", "The file is empty.")\n', "")],
    ),
    Mutant(
        id="no_pixel_limit",
        description="MAX_IMAGE_PIXELS is ignored: images of any size are accepted",
        replacements=[
            (
                "            if image.width * image.height > max_pixels:\n                raise too_large\n",
                "",
            )
        ],
    ),
    Mutant(
        id="bomb_crashes",
        description="a decompression bomb (a tiny PNG claiming billions of pixels) crashes the app",
        replacements=[
            (
                "except (Image.DecompressionBombError, Image.DecompressionBombWarning):",
                "except Image.DecompressionBombWarning:",
            )
        ],
    ),
    Mutant(
        id="width_and_height_swapped",
        description="width and height are swapped in the metadata",
        replacements=[("            return image.size\n", "            return image.height, image.width\n")],
    ),
    Mutant(
        id="size_from_request",
        description="size is the whole request's length, not the file's",
        replacements=[("size=len(data),", "size=request.content_length,")],
    ),
    Mutant(
        id="list_newest_first",
        description="GET /files lists the newest file first",
        replacements=[(".order_by(StoredFile.id))", ".order_by(StoredFile.id.desc()))")],
    ),
    Mutant(
        id="delete_keeps_record",
        description="DELETE removes the stored bytes but the file is still listed and readable",
        replacements=[("    db.session.delete(stored)\n    db.session.commit()\n", "")],
    ),
    Mutant(
        id="download_named_after_stored_name",
        description="downloads are named after the server's stored name, not the original name",
        replacements=[("download_name=stored.original_name", "download_name=stored.stored_name")],
    ),
    Mutant(
        id="download_without_nosniff",
        description="downloads do not forbid type sniffing (no X-Content-Type-Options: nosniff)",
        replacements=[('    response.headers["X-Content-Type-Options"] = "nosniff"\n', "")],
    ),
    Mutant(
        id="thumbnail_stretched",
        description="thumbnails are stretched to 128 x 128 instead of keeping the image's shape",
        replacements=[
            (
                "    thumbnail.thumbnail(THUMBNAIL_BOX)\n",
                "    thumbnail = thumbnail.resize(THUMBNAIL_BOX)\n",
            )
        ],
    ),
    Mutant(
        id="thumbnail_of_documents_crashes",
        description="asking for the thumbnail of a text or PDF file crashes instead of answering 404",
        replacements=[
            (
                (
                    "    if not stored.is_image:\n"
                    '        raise ApiError(404, "not_an_image", f"File {file_id} is not an image, so it has no thumbnail.")\n'
                ),
                "",
            )
        ],
    ),
]
