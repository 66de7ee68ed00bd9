"""Photos lose their metadata (GPS position, camera) before they are stored."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from prisoners.photos import without_metadata
from tests.prisoners.pages import PERSON_INLINES

GPS_IFD = 0x8825


def jpeg_with_gps() -> SimpleUploadedFile:
    image = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"  # Make
    exif[GPS_IFD] = {1: "N", 2: (53.0, 54.0, 0.0), 3: "E", 4: (27.0, 34.0, 0.0)}
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return SimpleUploadedFile("IMG_0001.JPG", buffer.getvalue(), "image/jpeg")


def test_it_strips_the_position_and_camera_from_a_photo():
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original.read())).getexif()  # the test photo has EXIF
    original.seek(0)
    cleaned = without_metadata(original)
    stored = Image.open(io.BytesIO(cleaned.read()))
    assert dict(stored.getexif()) == {}
    assert stored.size == (40, 30)
    assert cleaned.name == "IMG_0001.jpg"


def test_it_shrinks_very_large_photos():
    buffer = io.BytesIO()
    Image.new("RGB", (4000, 1000), "blue").save(buffer, format="PNG")
    cleaned = without_metadata(SimpleUploadedFile("big.png", buffer.getvalue()))
    assert Image.open(io.BytesIO(cleaned.read())).size == (1600, 400)


def test_it_refuses_a_file_that_is_not_a_picture():
    with pytest.raises(ValidationError):
        without_metadata(SimpleUploadedFile("photo.jpg", b"<script>alert(1)</script>"))


def test_the_admin_stores_the_cleaned_photo(admin_client, db, settings, tmp_path):
    from prisoners.models import Person
    from tests.factories import make_person

    settings.STORAGES = settings.STORAGES | {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        }
    }
    person = make_person(name_en="With Photo")
    page = admin_client.get(f"/admin/prisoners/person/{person.pk}/change/")
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, list)
    }
    data |= {"sources": [s.pk for s in person.sources.all()], "photo": jpeg_with_gps()}
    for prefix in PERSON_INLINES:
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    response = admin_client.post(f"/admin/prisoners/person/{person.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    person = Person.objects.get(pk=person.pk)
    with person.photo.open("rb") as stored:
        assert dict(Image.open(stored).getexif()) == {}
