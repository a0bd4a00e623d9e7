import io

from borikan.notifications.sms import ConsoleBackend, FileBackend, MemoryBackend, sms_backend


def test_the_setting_chooses_the_backend(settings):
    settings.SMS_BACKEND = "borikan.notifications.sms.FileBackend"
    assert isinstance(sms_backend(), FileBackend)
    settings.SMS_BACKEND = "borikan.notifications.sms.MemoryBackend"
    assert isinstance(sms_backend(), MemoryBackend)


def test_default_backend_is_the_console():
    from borikan import settings as project_settings

    assert project_settings.SMS_BACKEND == "borikan.notifications.sms.ConsoleBackend"


def test_console_backend_writes_the_sms():
    stream = io.StringIO()
    ConsoleBackend(stream=stream).send(to="+66812345678", body="นัดหมายพรุ่งนี้")
    assert "+66812345678" in stream.getvalue()
    assert "นัดหมายพรุ่งนี้" in stream.getvalue()


def test_file_backend_writes_one_file_per_sms(settings, tmp_path):
    settings.SMS_FILE_PATH = tmp_path / "sms"
    backend = sms_backend_of("borikan.notifications.sms.FileBackend", settings)
    backend.send(to="+66812345678", body="หนึ่ง")
    backend.send(to="+66812345679", body="สอง")
    files = sorted((tmp_path / "sms").iterdir())
    assert len(files) == 2
    texts = sorted(path.read_text() for path in files)
    assert any("To: +66812345678" in text and "หนึ่ง" in text for text in texts)
    assert any("To: +66812345679" in text and "สอง" in text for text in texts)


def test_memory_backend_keeps_an_outbox(sms_outbox):
    MemoryBackend().send(to="+66812345678", body="b")
    assert [(s.to, s.body) for s in sms_outbox] == [("+66812345678", "b")]


def sms_backend_of(path, settings):
    settings.SMS_BACKEND = path
    return sms_backend()
