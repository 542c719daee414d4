"""PDF join: the report's parts, each laid out as a PDF of its own (gbvs_report/pdf/layout.py),
made into one tagged PDF/UA-1 document, with pikepdf (qpdf), which copies objects between
PDFs without parsing them in Python.

Each part is a complete tagged PDF: pages, a structure tree, named destinations (the targets
of links), bookmarks. The first part is the base of the joined document, and keeps its
document information, XMP metadata, language and viewer preferences. Of every other part
it gets
- the pages, in order;
- the structure tree: the children of the part's Document element go under the base's
  Document element, and the parent tree (which leads from a page's marked content or an
  annotation back to its structure element) is renumbered after the base's;
- the named destinations, and links to another part (`gbvs-deel:NAME` while the parts were
  laid out) become links to those destinations;
- the bookmarks, nested as they were.
Then every page gets its footer ("pagina 3 van 41") from the footer pass, as an overlay.
"""

from __future__ import annotations

import contextlib
import warnings
from pathlib import Path
from typing import Any


def join_parts(files: list[Path], footers: list[Path], target: Path, *, link_scheme: str) -> None:
    import pikepdf

    # Every source stays open until the joined document is saved: qpdf copies stream data
    # from a source only when it writes. The stack closes them, on failure too.
    with contextlib.ExitStack() as stack:
        joined = stack.enter_context(pikepdf.open(files[0]))
        tree = joined.Root.StructTreeRoot
        document = tree.K[0] if isinstance(tree.K, pikepdf.Array) else tree.K
        parent_tree = pikepdf.Array()
        for key, value in _number_items(tree.ParentTree):
            parent_tree.append(key)
            parent_tree.append(value)
        tree.ParentTree = joined.make_indirect(pikepdf.Dictionary(Nums=parent_tree))
        next_key = max(parent_tree[::2], default=-1) + 1
        destinations = _destinations(joined)
        _relink(joined.pages, link_scheme)
        with joined.open_outline() as outline:
            for file in files[1:]:
                part = stack.enter_context(pikepdf.open(file))
                start = len(joined.pages)
                with warnings.catch_warnings():  # named destinations: copied below
                    warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
                    joined.pages.extend(part.pages)
                for page in joined.pages[start:]:
                    _renumber(page, int(next_key))
                _relink(joined.pages[start:], link_scheme)
                part_tree = part.Root.StructTreeRoot
                for element in _kids(part_tree):  # the part's Document element
                    kids = _kids(element)
                    if not all(_is_element(kid) for kid in kids):
                        kids = [element]  # content right under it: keep it together, as a division
                    for kid in map(joined.copy_foreign, kids):
                        kid.P = document
                        if kid.get("/S") == "/Document":
                            kid.S = pikepdf.Name.Div
                        _append_kid(document, kid)
                # Copied as a whole (in qpdf, not value by value), then renumbered.
                keys = 0
                for key, value in _number_items(joined.copy_foreign(part_tree.ParentTree)):
                    parent_tree.append(key + next_key)
                    parent_tree.append(value)
                    keys = max(keys, key + 1)
                next_key += keys
                if "/Names" in part.Root and "/Dests" in part.Root.Names:
                    for name, value in pikepdf.NameTree(part.Root.Names.Dests).items():
                        destinations[name] = _copy(joined, value)
                pages = {page.objgen: start + index for index, page in enumerate(part.pages)}
                with part.open_outline() as part_outline:
                    outline.root.extend(_copy_outline(part_outline.root, pages))
        tree.ParentTreeNextKey = next_key
        number = 0
        for file in footers:
            footer_pdf = stack.enter_context(pikepdf.open(file))
            for footer in footer_pdf.pages:
                number += 1
                _stamp(
                    joined,
                    joined.pages[number - 1],
                    footer_pdf.make_indirect(footer.as_form_xobject()),
                    f"/GbvsVoettekst{number}",
                )
        if number != len(joined.pages):
            raise RuntimeError(f"{number} voetteksten voor {len(joined.pages)} pagina's")
        # The same parts give the same bytes: the identifier comes from the content, not the clock.
        joined.save(
            target,
            deterministic_id=True,
            fix_metadata_version=False,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
        )


def _stamp(pdf: Any, page: Any, form: Any, name: str) -> None:
    """Draw `form` (a page of the footer pass, as a form XObject) over `page`. Not pikepdf's
    add_overlay, which names the XObject at random: the same inputs must give the same bytes.
    The name is the page's own, as a part's pages share one resource dictionary."""
    import pikepdf

    page.add_resource(pdf.copy_foreign(form), pikepdf.Name.XObject, pikepdf.Name(name))
    page.contents_add(pikepdf.Stream(pdf, b"q\n"), prepend=True)
    page.contents_add(pikepdf.Stream(pdf, f"\nQ\nq {name} Do Q\n".encode()))


def _destinations(pdf: Any) -> Any:
    """The named destinations of `pdf`, as a name tree one can add to."""
    import pikepdf

    if "/Names" not in pdf.Root:
        pdf.Root.Names = pikepdf.Dictionary()
    if "/Dests" not in pdf.Root.Names:
        pdf.Root.Names.Dests = pikepdf.NameTree.new(pdf).obj
    return pikepdf.NameTree(pdf.Root.Names.Dests)


def _number_items(node):
    """The (key, value) pairs of a number tree (the parent tree), in order."""
    nums = node.get("/Nums", ())
    for i in range(0, len(nums), 2):
        yield int(nums[i]), nums[i + 1]
    for kid in node.get("/Kids", ()):
        yield from _number_items(kid)


def _renumber(page: Any, offset: int) -> None:
    """Parent tree keys of a part's page and its annotations, after those of the parts before."""
    if "/StructParents" in page.obj:
        page.obj.StructParents = int(page.obj.StructParents) + offset
    for annotation in page.obj.get("/Annots", ()):
        if "/StructParent" in annotation:
            annotation.StructParent = int(annotation.StructParent) + offset


def _relink(pages: Any, scheme: str) -> None:
    """Links that pdf.py pointed at another part, pointed at the named destination."""
    import pikepdf

    for page in pages:
        for annotation in page.obj.get("/Annots", ()):
            uri = str(annotation.get("/A", {}).get("/URI", ""))
            if uri.startswith(scheme):
                del annotation["/A"]
                annotation.Dest = pikepdf.String(uri[len(scheme) :])
                annotation.Contents = pikepdf.String(uri[len(scheme) :])


def _kids(node: Any) -> list[Any]:
    import pikepdf

    kids = node.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _copy(pdf, obj):
    """`obj` from another PDF into `pdf`; qpdf copies only indirect objects, so direct arrays and
    dictionaries are rebuilt around their copied references."""
    import pikepdf

    if isinstance(obj, pikepdf.Object) and obj.is_indirect:
        return pdf.copy_foreign(obj)
    if isinstance(obj, pikepdf.Array):
        return pikepdf.Array([_copy(pdf, item) for item in obj])
    if isinstance(obj, pikepdf.Dictionary):
        return pikepdf.Dictionary({key: _copy(pdf, value) for key, value in obj.items()})
    return obj


def _is_element(kid: Any) -> bool:
    import pikepdf

    return isinstance(kid, pikepdf.Dictionary) and "/S" in kid


def _append_kid(element: Any, kid: Any) -> None:
    import pikepdf

    if "/K" not in element:
        element.K = pikepdf.Array()
    elif not isinstance(element.K, pikepdf.Array):
        element.K = pikepdf.Array([element.K])
    element.K.append(kid)


def _copy_outline(items: Any, pages: dict[Any, int]) -> list[Any]:
    """The part's bookmarks, nested as they were, pointing at the pages as joined."""
    import pikepdf

    copies = []
    for item in items:
        destination = item.destination
        page = pages[destination[0].objgen]
        left, top, zoom = (float(v) if v is not None else None for v in list(destination)[2:5])
        copy = pikepdf.OutlineItem(item.title, page, pikepdf.PageLocation.XYZ, left=left, top=top, zoom=zoom)
        copy.is_closed = item.is_closed
        copy.children.extend(_copy_outline(item.children, pages))
        copies.append(copy)
    return copies
