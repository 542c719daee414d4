"""The cache of laid-out parts trusts nothing it did not make itself.

Each test attacks the cache as a local user or a CI job could: entries rewritten (a JavaScript
OpenAction, a stamp, a link) with every checksum the format lets one recompute, entries moved
to another key's place, a cache folder that others can write or that is reached through a link,
entries that block or never end (a pipe, /dev/zero), entries whose metadata has an unexpected
shape. In every case `gbvs report` writes exactly the documents a run without the cache writes
(byte for byte, SOURCE_DATE_EPOCH set), ends with 0 and never shows a traceback; where the cache
is not used, one line says why."""

from __future__ import annotations

import hashlib
import io
import json
import os
import resource
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from conftest import WORKSPACE, run

from gbvs_report.pdf import cache as cache_module

PERIOD = "2020-2021"
EPOCH = "1650000000"
SECRET_MARKS = (b"/JavaScript", b"evil.example", b"GEKAAPT")


def _report(out: Path, *extra: str) -> object:
    return run("report", "-w", str(WORKSPACE), "-p", PERIOD, "-o", str(out), "--jobs", "2", *extra)


def _documents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if not p.name.startswith(".")}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, bytes], Path]:
    """The documents of a run without the cache, and a cache filled by a run with it."""
    base = tmp_path_factory.mktemp("cache-trust")
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        monkeypatch.setenv("XDG_CACHE_HOME", str(base / "xdg"))
        assert _report(base / "zonder", "--no-cache").exit_code == 0
        result = _report(base / "gevuld")
        assert result.exit_code == 0, result.output
    reference = _documents(base / "zonder")
    assert _documents(base / "gevuld") == reference
    assert not any(mark in data for data in reference.values() for mark in SECRET_MARKS)
    return reference, base / "xdg" / "gbvs"


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh XDG_CACHE_HOME for one test; SOURCE_DATE_EPOCH as in the reference."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg"


def _copy_cache(filled: Path, target: Path) -> Path:
    shutil.copytree(filled, target, symlinks=True)
    return target


def _entries(root: Path) -> list[Path]:
    return sorted(p for p in root.glob("*/*.deel") if not p.name.startswith("."))


def _split(path: Path) -> tuple[bytes, dict, bytes]:
    magic, header, pdf = path.read_bytes().split(b"\n", 2)
    return magic + b"\n", json.loads(header), pdf


def _signed(root: Path, magic: bytes, meta: dict, pdf: bytes, *, secret: bytes | None = None) -> bytes:
    """An entry as the format lets its writer sign it: with the cache's secret (the test runs as
    the cache's owner), or with the checksum of its own bytes that an older format had."""
    meta = dict(meta)
    if "mac" in meta:
        secret = secret if secret is not None else (root / "sleutel").read_bytes()
        described = json.dumps({k: v for k, v in meta.items() if k != "mac"}, sort_keys=True, ensure_ascii=True)
        meta["mac"] = __import__("hmac").new(secret, described.encode() + b"\n" + pdf, hashlib.sha256).hexdigest()
    if "sha256" in meta:
        described = json.dumps({k: v for k, v in meta.items() if k != "sha256"}, sort_keys=True, ensure_ascii=True)
        meta["sha256"] = hashlib.sha256(described.encode() + b"\n" + pdf).hexdigest()
    return magic + json.dumps(meta, sort_keys=True, ensure_ascii=True).encode() + b"\n" + pdf


def _poisoned_pdf(data: bytes) -> bytes:
    """The PDF with a JavaScript OpenAction, a stamp and a link on its first page."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        action = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert('GEKAAPT')"))
        pdf.Root.OpenAction = pdf.make_indirect(action)
        page = pdf.pages[0]
        stamp = pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Stamp, Rect=[50, 50, 300, 120], Contents="GEKAAPT"
        )
        link = pikepdf.Dictionary(
            Type=pikepdf.Name.Annot,
            Subtype=pikepdf.Name.Link,
            Rect=[0, 0, 600, 800],
            A=pikepdf.Dictionary(S=pikepdf.Name.URI, URI="https://evil.example/"),
        )
        annotations = list(page.obj.get("/Annots", []))
        page.obj.Annots = pdf.make_indirect(pikepdf.Array([*annotations, stamp, link]))
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


def _poison(root: Path, *, secret: bytes | None = None) -> int:
    """Rewrite every entry with a poisoned PDF, re-signed as far as an attacker can: the old
    checksum recomputed, a MAC with a secret of the attacker's own."""
    entries = _entries(root)
    for path in entries:
        magic, meta, pdf = _split(path)
        bad = _poisoned_pdf(pdf)
        meta["size"] = len(bad)
        path.write_bytes(_signed(root, magic, meta, bad, secret=secret or b"geraden" * 5))
    return len(entries)


def _assert_same(out: Path, reference: dict[str, bytes]) -> None:
    written = _documents(out)
    assert written.keys() == reference.keys()
    for name, data in written.items():
        assert not any(mark in data for mark in SECRET_MARKS), name
        assert data == reference[name], name


def _cache_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if "cache" in line]


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (6 * 1024**3, 6 * 1024**3))  # a runaway read fails, not the machine


def test_attacked_entries_never_reach_a_document(rendered, env: Path, tmp_path: Path) -> None:
    """Every kind of attack on the entries at once, each on entries of its own, in a real
    `gbvs report` process (a pipe would block it: a time limit; /dev/zero never ends: a
    memory limit); and GBVS_CACHE_MB=inf, which gives one line and the default limit."""
    reference, filled = rendered
    root = _copy_cache(filled, env / "gbvs")
    elsewhere = _copy_cache(filled, tmp_path / "vergiftigd")
    secret = (root / "sleutel").read_bytes() if (root / "sleutel").exists() else None
    _poison(elsewhere, secret=secret)  # signed even with the cache's own secret: reached through links
    poisoned, swap_a, swap_b, linked, in_linked_folder, pipe, endless, odd, damaged, *_ = _entries(root)
    magic, meta, pdf = _split(poisoned)  # rewritten in place, signed as far as an attacker can
    bad = _poisoned_pdf(pdf)
    poisoned.write_bytes(_signed(root, magic, {**meta, "size": len(bad)}, bad, secret=b"geraden" * 5))
    a, b = swap_a.read_bytes(), swap_b.read_bytes()  # each in the other's place
    swap_a.write_bytes(b)
    swap_b.write_bytes(a)
    linked.unlink()  # a link to a poisoned entry with the same name
    linked.symlink_to(elsewhere / linked.relative_to(root))
    folder = in_linked_folder.parent  # a folder that is a link to a folder of poisoned entries
    shutil.rmtree(folder)
    folder.symlink_to(elsewhere / folder.name)
    pipe.unlink()
    os.mkfifo(pipe)
    endless.unlink()
    endless.symlink_to("/dev/zero")
    magic, meta, pdf = _split(odd)  # signed, as if a faulty writer had made it, of another shape
    meta["anchors"] = {"titel": "een"}
    odd.write_bytes(_signed(root, magic, meta, pdf))
    damaged.write_bytes(damaged.read_bytes()[:100])
    command = [sys.executable, "-m", "gbvs_report", "report", "-w", str(WORKSPACE), "-p", PERIOD, "--jobs", "2"]
    done = subprocess.run(
        [*command, "-o", str(tmp_path / "uit")],
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=_limited,
        env={**os.environ, "GBVS_CACHE_MB": "inf"},
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    _assert_same(tmp_path / "uit", reference)
    [line] = [line for line in done.stderr.splitlines() if "cache" in line]
    assert line == (
        "gbvs: GBVS_CACHE_MB='inf' is geen aantal megabytes (een getal van 0 of meer); "
        "de cache van opgemaakte delen houdt zich aan 500 MB"
    )
    for path in _entries(root):  # laid out again and stored anew: nothing poisoned is left
        if not path.parent.is_symlink() and path.is_file() and not path.is_symlink():
            assert not any(mark in path.read_bytes() for mark in SECRET_MARKS), path


def test_a_linked_cache_root_is_neither_followed_nor_emptied(rendered, env: Path, tmp_path: Path, monkeypatch) -> None:
    reference, filled = rendered
    elsewhere = tmp_path / "elders"
    _copy_cache(filled, elsewhere)
    _poison(elsewhere, secret=(elsewhere / "sleutel").read_bytes() if (elsewhere / "sleutel").exists() else None)
    shard = next(p for p in elsewhere.iterdir() if p.is_dir())
    (shard / ("ab" * 32 + ".deel")).write_bytes(b"een bestand van iemand anders")
    old = shard / ".tmp-achtergelaten.deel"
    old.write_bytes(b"oud")
    os.utime(old, (1, 1))
    held = {str(p.relative_to(elsewhere)): p.read_bytes() for p in elsewhere.rglob("*") if p.is_file()}
    env.mkdir()
    (env / "gbvs").symlink_to(elsewhere)
    monkeypatch.setenv("GBVS_CACHE_MB", "0.001")  # eviction would remove nearly everything
    result = _report(tmp_path / "uit")
    assert result.exit_code == 0, result.output
    _assert_same(tmp_path / "uit", reference)
    [line] = _cache_lines(result)
    assert line == (
        f"gbvs: de cache van opgemaakte delen wordt niet gebruikt: {env / 'gbvs'} is een koppeling "
        "(symbolische link); gbvs gebruikt alleen een cache die het zonder koppelingen bereikt "
        "(zet XDG_CACHE_HOME op de map zelf)"
    )
    assert {str(p.relative_to(elsewhere)): p.read_bytes() for p in elsewhere.rglob("*") if p.is_file()} == held


# The same, one attack at a time, on the cache itself.

PAGE = {"pages": 1, "anchors": {"titel": 0}, "warnings": [], "refused": []}


def _blank_pdf() -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


@pytest.fixture
def cache(tmp_path: Path) -> cache_module.PartCache:
    made, notes = cache_module.open_cache(tmp_path / "cache", 10**9)
    assert made is not None and notes == []
    return made


def _stored(cache: cache_module.PartCache, text: str) -> tuple[str, Path]:
    key = cache_module.PartCache.key("omgeving", "deel", text)
    cache.put(key, _blank_pdf(), PAGE)
    assert cache.get(key) is not None
    return key, cache.path(key)


def test_a_poisoned_entry_is_a_miss_and_removed(cache) -> None:
    key, path = _stored(cache, "a")
    magic, meta, pdf = _split(path)
    bad = _poisoned_pdf(pdf)
    path.write_bytes(_signed(cache.root, magic, {**meta, "size": len(bad)}, bad, secret=b"geraden" * 5))
    assert cache.get(key) is None
    assert not path.exists()


def test_an_entry_in_another_keys_place_is_a_miss(cache) -> None:
    key_a, path_a = _stored(cache, "a")
    key_b, path_b = _stored(cache, "b")
    os.rename(path_a, path_b)
    assert cache.get(key_b) is None


@pytest.mark.parametrize(
    "change",
    [
        {"pages": "3"},
        {"pages": True},
        {"pages": 0},
        {"anchors": []},
        {"anchors": {"titel": "een"}},
        {"anchors": {"titel": 1}},  # a page the part does not have
        {"warnings": 5},
        {"refused": [1]},
        {"refused": None},
        {"extra": "veld"},
        {"size": 1.5},
        {"key": "0" * 64},
        {"drop": "warnings"},
        {"drop": "mac"},
    ],
)
def test_a_signed_entry_of_an_unexpected_shape_is_a_miss(cache, change: dict) -> None:
    key, path = _stored(cache, "a")
    magic, meta, pdf = _split(path)
    if "drop" in change:
        del meta[change["drop"]]
    else:
        meta.update(change)
    path.write_bytes(_signed(cache.root, magic, meta, pdf))
    assert cache.get(key) is None


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty", "magic", "pdf", "header"])
def test_a_damaged_entry_is_a_miss(cache, damage: str) -> None:
    key, path = _stored(cache, "a")
    data = path.read_bytes()
    damaged = {
        "truncated": data[: len(data) // 2],
        "garbage": os.urandom(4000),
        "empty": b"",
        "magic": b"GBVS-DEEL 9\n" + data.split(b"\n", 1)[1],
        "pdf": data[:-100] + bytes([data[-100] ^ 0xFF]) + data[-99:],
        "header": data.replace(b'"pages": 1', b'"pages": 2'),
    }[damage]
    path.write_bytes(damaged)
    assert cache.get(key) is None


def test_entries_that_are_links_pipes_or_devices_are_misses(cache, tmp_path: Path) -> None:
    key_link, path_link = _stored(cache, "link")
    key_pipe, path_pipe = _stored(cache, "pijp")
    key_zero, path_zero = _stored(cache, "nul")
    elsewhere = tmp_path / "elders.deel"
    elsewhere.write_bytes(path_link.read_bytes())  # valid bytes, reached through a link
    path_link.unlink()
    path_link.symlink_to(elsewhere)
    path_pipe.unlink()
    os.mkfifo(path_pipe)
    path_zero.unlink()
    path_zero.symlink_to("/dev/zero")
    assert cache.get(key_link) is None and elsewhere.exists()
    assert cache.get(key_pipe) is None  # returns at once: the pipe is never waited on
    assert cache.get(key_zero) is None


def test_an_entry_larger_than_the_bound_is_not_read(cache, monkeypatch) -> None:
    key, path = _stored(cache, "a")
    monkeypatch.setattr(cache_module, "ENTRY_MAX", path.stat().st_size - 1)
    assert cache.get(key) is None


def test_a_folder_of_the_cache_that_is_a_link_is_not_read_nor_written(cache, tmp_path: Path) -> None:
    key, path = _stored(cache, "a")
    elsewhere = tmp_path / "elders"
    path.parent.rename(elsewhere)
    path.parent.symlink_to(elsewhere)
    assert cache.get(key) is None
    cache.put(key, _blank_pdf(), PAGE)
    assert [p.name for p in elsewhere.iterdir()] == [path.name]


@pytest.mark.parametrize("mode", [0o777, 0o770, 0o702])
def test_a_cache_others_can_write_is_not_used(tmp_path: Path, mode: int) -> None:
    """A cache folder made under umask 000 by an older gbvs, say: anyone could have written it."""
    root = tmp_path / "cache"
    root.mkdir()
    os.chmod(root, mode)
    cache, [note] = cache_module.open_cache(root, 10**9)
    assert cache is None
    assert note == (
        f"de cache van opgemaakte delen wordt niet gebruikt: ook anderen kunnen in {root} schrijven "
        f"(rechten {mode:o}); maak hem privé met: chmod go-w {root}, of verwijder hem"
    )
    assert list(root.iterdir()) == []  # no secret written into it


def test_a_folder_in_the_cache_others_can_write_is_not_used(cache) -> None:
    key, path = _stored(cache, "a")
    os.chmod(path.parent, 0o777)
    assert cache.get(key) is None
    assert path.exists()


@pytest.mark.skipif(os.geteuid() != 0, reason="een map van een andere gebruiker maken kan alleen root")
def test_a_cache_of_another_user_is_not_used(tmp_path: Path) -> None:
    root = tmp_path / "cache"
    root.mkdir(mode=0o700)
    os.chown(root, 65534, 65534)
    cache, [note] = cache_module.open_cache(root, 10**9)
    assert cache is None and note.endswith(f"{root} is van een andere gebruiker (nummer 65534)")


def test_a_link_on_the_way_to_the_cache_is_not_followed(tmp_path: Path) -> None:
    (tmp_path / "echt").mkdir()
    (tmp_path / "via").symlink_to(tmp_path / "echt")
    cache, [note] = cache_module.open_cache(tmp_path / "via" / "gbvs", 10**9)
    assert cache is None and f"{tmp_path / 'via'} is een koppeling (symbolische link)" in note
    assert list((tmp_path / "echt").iterdir()) == []


def test_a_run_under_umask_000_makes_a_private_cache(tmp_path: Path) -> None:
    root = tmp_path / "nieuw" / "xdg" / "gbvs"
    script = (
        "import os, sys; from pathlib import Path; os.umask(0); from gbvs_report.pdf import cache as c; "
        "made, notes = c.open_cache(Path(sys.argv[1]), 10**9); assert made is not None and not notes, notes; "
        "made.put('ab' * 32, b'%PDF-1.7 ', {'pages': 1, 'anchors': {}, 'warnings': [], 'refused': []}); "
        "assert made.get('ab' * 32) is not None"
    )
    subprocess.run([sys.executable, "-c", script, str(root)], check=True)
    found = [tmp_path / "nieuw", tmp_path / "nieuw" / "xdg", root, *root.rglob("*")]
    assert len(found) == 6  # the folders, the secret, a folder of entries, the entry
    for path in found:
        mode = stat.S_IMODE(path.lstat().st_mode)
        assert not path.is_symlink() and not mode & 0o077, (path, oct(mode))


@pytest.mark.parametrize("value", ["inf", "-inf", "nan", "-5", "1e400", "veel", "12\u202e", "0x10"])
def test_a_cache_limit_that_is_no_number_gives_a_line_and_the_default(monkeypatch, value: str) -> None:
    monkeypatch.setenv("GBVS_CACHE_MB", value)
    limit, note = cache_module.cache_limit()
    assert limit == 500 * 1024 * 1024
    assert note is not None and "geen aantal megabytes" in note and "500 MB" in note and "\u202e" not in note


@pytest.mark.parametrize("value", ["1e300", "0", "250", "0,5", " 12 "])
def test_a_cache_limit_that_is_a_number_is_taken(monkeypatch, value: str) -> None:
    monkeypatch.setenv("GBVS_CACHE_MB", value)
    limit, note = cache_module.cache_limit()
    assert note is None and 0 <= limit <= sys.maxsize
    assert limit == min(int(float(value.strip().replace(",", ".")) * 1024 * 1024), sys.maxsize)


def test_eviction_removes_only_its_own_kind_in_its_own_folders(tmp_path: Path) -> None:
    cache, notes = cache_module.open_cache(tmp_path / "cache", 0)
    assert cache is not None and notes == []
    key, path = _stored(cache, "a")
    shard = path.parent
    outside = tmp_path / "buiten"
    outside.mkdir()
    (outside / ("cd" * 32 + ".deel")).write_bytes(b"niet van de cache")
    (shard / ("cd" * 32 + ".deel")).symlink_to(outside / ("cd" * 32 + ".deel"))
    (shard / "aantekening.txt").write_text("van de gebruiker", encoding="utf-8")
    (cache.root / "zz").mkdir(mode=0o700)
    (cache.root / "zz" / ("ef" * 32 + ".deel")).write_bytes(b"niet in een map van de cache")
    assert cache.evict() > 0
    assert not path.exists()
    assert (outside / ("cd" * 32 + ".deel")).read_bytes() == b"niet van de cache"
    assert (shard / "aantekening.txt").exists() and (cache.root / "zz" / ("ef" * 32 + ".deel")).exists()
    assert (cache.root / "sleutel").exists()
