"""What the operating system says when a file cannot be read or written, in Dutch.

Python's OSError carries the C library's text, in English ("Permission denied", "No space
left on device"). Every message of gbvs is Dutch, so an OSError is shown through `reason`:
the Dutch for its error number, or for a number not in the table the number's name
(`ENOTSUP`) with the system's own text, so that nothing is lost.
"""

from __future__ import annotations

import errno

_DUTCH = {
    errno.ENOENT: "bestaat niet",
    errno.EACCES: "geen toestemming",
    errno.EPERM: "geen toestemming",
    errno.EEXIST: "bestaat al",
    errno.ENOTDIR: "een deel van het pad is geen map",
    errno.EISDIR: "is een map",
    errno.ENOSPC: "de schijf is vol",
    errno.EROFS: "het bestandssysteem is alleen-lezen",
    errno.ENAMETOOLONG: "de naam is te lang voor het bestandssysteem",
    errno.ELOOP: "een koppeling (symbolische link) waar gbvs er geen volgt, of te veel koppelingen na elkaar",
    errno.EMFILE: "te veel open bestanden",
    errno.ENFILE: "te veel open bestanden op het systeem",
    errno.EIO: "invoer- of uitvoerfout van het apparaat",
    errno.EFBIG: "het bestand wordt te groot",
    errno.EOVERFLOW: "een waarde is te groot voor het bestandssysteem",
    errno.EBUSY: "is in gebruik",
    errno.ETXTBSY: "is in gebruik",
    errno.EXDEV: "ligt op een ander bestandssysteem",
    errno.ENOTEMPTY: "de map is niet leeg",
    errno.EINVAL: "ongeldige waarde voor het bestandssysteem",
    errno.ENOMEM: "onvoldoende geheugen",
    errno.ENODEV: "het apparaat bestaat niet",
    errno.ENXIO: "het apparaat bestaat niet",
    errno.EAGAIN: "tijdelijk niet beschikbaar",
    errno.EINTR: "onderbroken",
    errno.EPIPE: "de andere kant van de pijp is gesloten",
    errno.ETIMEDOUT: "de tijd is verstreken",
    errno.ESTALE: "het bestand op de netwerkschijf is verdwenen",
}
_OPTIONAL = {"EDQUOT": "het schijfquotum is op", "ENOTSUP": "wordt door het bestandssysteem niet ondersteund"}
_DUTCH |= {getattr(errno, name): text for name, text in _OPTIONAL.items() if hasattr(errno, name)}


def reason(exc: OSError, about: object = None) -> str:
    """Why `exc` happened, in Dutch; with the file it is about when that is not `about` (the
    path the message names already), such as a folder on the way that is a file."""
    if exc.errno in _DUTCH:
        text = _DUTCH[exc.errno]
    elif exc.errno is not None:
        text = f"systeemfout {errno.errorcode.get(exc.errno, exc.errno)} ({exc.strerror or exc})"
    else:
        text = f"systeemfout ({exc})"
    if about is not None and exc.filename is not None and str(exc.filename) != str(about):
        return f"{exc.filename}: {text}"
    return text
