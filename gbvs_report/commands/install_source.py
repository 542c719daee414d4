"""Where CI installs gbvs from: the pip requirement `gbvs init` writes into the CI templates.

The source is the coordinator's `--pakket`, or else where the running gbvs came from, as pip
recorded it in the distribution's `direct_url.json` (PEP 610): a VCS URL with its commit, or a
wheel or sdist archive URL with its hash. A local directory or file (an editable install, a
checkout, a wheel on disk) cannot be reached from CI, and an install from a package index
leaves no record of which index: in those cases the source is unknown and the templates stop
with a Dutch message that says what to fill in.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import metadata
from urllib.parse import urlsplit

DISTRIBUTION = "gbvs-report"
VCS_SCHEMES = {"git", "hg", "svn", "bzr"}
REMOTE_SCHEMES = {"http", "https", "ssh", "git"}


class PackageSpecError(ValueError):
    """A `--pakket` value that cannot go into a CI file; the message says why, in Dutch."""


@dataclass(frozen=True)
class InstallSource:
    """The pip requirement CI installs (None: unknown) and, in Dutch, where it comes from."""

    spec: str | None
    reason: str


def _remote(url: str) -> bool:
    """A URL that CI can reach."""
    parts = urlsplit(url)
    return parts.scheme in REMOTE_SCHEMES and bool(parts.hostname)


# What a credential looks like where it is not in a URL's user part or query: the prefixes of
# GitLab's and GitHub's tokens and of other common ones, and the names of authentication headers.
_TOKEN = re.compile(
    r"(?i)\b(?:gl(?:pat|dt|ptt|cbt|rt|oas|soat|ffct|agent|imt|ft)-|gh[pousr]_|github_pat_|xox[abprs]-|npm_|pypi-AgE"
    r"|AKIA[0-9A-Z]{12}|ASIA[0-9A-Z]{12}|GR1348941)"
    r"|(?i:authorization|private-token|job-token|deploy-token|x-api-key|bearer\s)"
)
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s'\"]*")
_FRAGMENT_KEYS = {"egg", "subdirectory", "sha1", "sha224", "sha256", "sha384", "sha512", "md5"}
_VARIABLE = re.compile(r"\$\{?[A-Za-z_][A-Za-z0-9_]*\}?")
CREDENTIAL_HINT = (
    "gbvs schrijft geen toegangsgegevens in een CI-bestand en toont ze niet. Geef het adres zonder, en laat CI "
    "zich aanmelden met een CI-variabele, bijvoorbeeld git+https://gitlab-ci-token:${CI_JOB_TOKEN}@…"
)


def credential(text: str) -> str | None:
    """What in `text` (a pip requirement, an address) is or may be a credential, in Dutch, without
    the credential itself; None when nothing is: a password or token in an address's user part
    (unless a CI variable such as ${CI_JOB_TOKEN}), any query string (?private_token=…,
    ?X-Amz-Signature=…), a fragment that is not egg=, subdirectory= or a hash, or anything that
    looks like a known token or an authentication header."""
    for url in _URL.findall(text):
        found = _in_url(url)
        if found:
            return found
    if _TOKEN.search(text):
        return "iets dat op een toegangssleutel of een aanmeldkop lijkt"
    return None


def _in_url(url: str) -> str | None:
    try:
        parts = urlsplit(url)
        username, password = parts.username, parts.password
    except ValueError:
        return "een adres dat niet te lezen is"
    scheme = parts.scheme.rsplit("+", 1)[-1].lower()
    if password is not None and not _VARIABLE.fullmatch(password):
        return "een wachtwoord of toegangssleutel in het adres (gebruiker:wachtwoord@)"
    if username and password is None and scheme != "ssh" and not _VARIABLE.fullmatch(username):
        return "een gebruikersnaam of toegangssleutel in het adres (…@)"
    if username and _TOKEN.search(username):
        return "een toegangssleutel in het adres (…@)"
    if parts.query:
        return "een querystring in het adres (?…), waarin vaak een toegangssleutel staat"
    if parts.fragment:
        for item in parts.fragment.split("&"):
            key, _, value = item.partition("=")
            if key not in _FRAGMENT_KEYS or not re.fullmatch(r"[A-Za-z0-9._/-]+", value):
                return "na # iets anders dan egg=, subdirectory= of een hash"
    return None


def source_from_direct_url(text: str | None) -> InstallSource:
    """The install source recorded in the text of a `direct_url.json` (None: there is none)."""
    if text is None:
        return InstallSource(None, "deze gbvs is niet uit een git-repository of als wheel geïnstalleerd")
    try:
        record = json.loads(text)
    except ValueError:
        return InstallSource(None, "de installatiegegevens van deze gbvs (direct_url.json) zijn onleesbaar")
    url = record.get("url") if isinstance(record, dict) else None
    if not isinstance(url, str) or not url:
        return InstallSource(None, "de installatiegegevens van deze gbvs (direct_url.json) noemen geen adres")
    found = credential(url)
    if found:
        return InstallSource(None, f"het adres waaruit deze gbvs is geïnstalleerd bevat {found}; {CREDENTIAL_HINT}")
    if not url.isprintable():
        return InstallSource(None, "het adres waaruit deze gbvs is geïnstalleerd bevat een regeleinde of stuurteken")
    vcs, archive = record.get("vcs_info"), record.get("archive_info")
    subdirectory = record.get("subdirectory")
    if isinstance(vcs, dict):
        kind, commit = vcs.get("vcs"), vcs.get("commit_id")
        if kind not in VCS_SCHEMES or not isinstance(commit, str) or not re.fullmatch(r"[0-9A-Za-z._-]+", commit):
            return InstallSource(None, "de versiebeheergegevens van deze gbvs (direct_url.json) zijn onvolledig")
        if not _remote(url):
            return InstallSource(None, f"deze gbvs komt uit een lokale repository ({url}), die CI niet bereikt")
        spec = f"{DISTRIBUTION} @ {kind}+{url}@{commit}"
        if isinstance(subdirectory, str) and subdirectory:
            if not re.fullmatch(r"[A-Za-z0-9._/-]+", subdirectory):
                return InstallSource(None, "de installatiegegevens van deze gbvs (direct_url.json) zijn onvolledig")
            spec += f"#subdirectory={subdirectory}"
        return InstallSource(spec, f"de commit waaruit deze gbvs is geïnstalleerd ({commit[:12]})")
    if isinstance(archive, dict):
        if not _remote(url) or urlsplit(url).scheme not in {"http", "https"}:
            where = f"deze gbvs is geïnstalleerd uit een lokaal bestand ({url}), dat CI niet bereikt"
            return InstallSource(None, where)
        spec = f"{DISTRIBUTION} @ {url}"
        hashes = archive.get("hashes")
        legacy = archive.get("hash")
        if isinstance(hashes, dict) and hashes and "#" not in url:
            name = "sha256" if "sha256" in hashes else sorted(hashes)[0]
            spec += _hash_fragment(name, hashes[name])
        elif isinstance(legacy, str) and "=" in legacy and "#" not in url:
            spec += _hash_fragment(*legacy.split("=", 1))
        return InstallSource(spec, "het pakketbestand waaruit deze gbvs is geïnstalleerd")
    return InstallSource(None, f"deze gbvs is geïnstalleerd uit een lokale map ({url}), die CI niet bereikt")


def _hash_fragment(name: object, value: object) -> str:
    """`#name=value` for a hash pip knows, written in hexadecimal digits; '' for anything else."""
    known = isinstance(name, str) and name in _FRAGMENT_KEYS - {"egg", "subdirectory"}
    return f"#{name}={value}" if known and isinstance(value, str) and re.fullmatch(r"[0-9a-fA-F]+", value) else ""


def installed_source() -> InstallSource:
    """Where the running gbvs came from, as pip recorded it."""
    try:
        text = metadata.distribution(DISTRIBUTION).read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return InstallSource(None, "deze gbvs is niet als pakket geïnstalleerd")
    return source_from_direct_url(text)


def checked_spec(spec: str) -> str:
    """A `--pakket` value as it goes into the CI files, or a Dutch reason why it cannot."""
    spec = spec.strip()
    found = credential(spec)
    if found:  # first: no other message may show it
        raise PackageSpecError(f"--pakket bevat {found}. {CREDENTIAL_HINT}")
    if not spec:
        raise PackageSpecError("--pakket is leeg; geef een pip-vereiste, bijvoorbeeld git+https://…@v0.2.0")
    if not spec.isprintable():  # line breaks, control, bidirectional and zero-width characters
        raise PackageSpecError("--pakket bevat een regeleinde of stuurteken; geef één pip-vereiste")
    if spec.startswith("-"):
        raise PackageSpecError(f"--pakket '{spec}' is een pip-optie, geen pakket; geef één pip-vereiste")
    if "${{" in spec:
        raise PackageSpecError("--pakket bevat '${{', dat GitHub Actions als expressie zou uitvoeren")
    return spec


def resolve(option: str | None) -> InstallSource:
    """The install source for `gbvs init`: `--pakket` first, else the running gbvs's origin."""
    if option is not None:
        return InstallSource(checked_spec(option), "--pakket")
    return installed_source()
