"""Fill tilsyn Word forms in LibreOffice through UNO, as a user would, and save them as .docx.

Runs under the Python that has LibreOffice's `uno` module (Debian: /usr/bin/python3 with
python3-uno), never inside tilsyn's own environment; it imports nothing from tilsyn.

    /usr/bin/python3 fill_form_uno.py JOBS.json

JOBS.json: {"profile": "/tmp/lo-profile", "jobs": [{"source": "blank.docx", "target":
"filled.docx", "answers": {KEY: ANSWER}}]} where KEY is the hidden key beside a control
(`call_id`, `topics=other`) and ANSWER is the text to type or the drop-down item to choose (a
string), a check state (true/false), or a date picked and its text typed over
({"date": "2020-11-03", "text": "03.11.2020 10:15"}). A job with no answers opens the form and
saves it unchanged. Prints {"version": ..., "saved": N} on success; exits 1 naming any key it
could not find. A job may name another "filter" (e.g. "Calc MS Excel 2007 XML" to re-save a
spreadsheet); the default saves Word 2007-365 .docx.

LibreOffice 7.4 shows a text control as an Input field and the others as ContentControl
objects without tags, whose own text cannot be read or selected through UNO; so a control is
found by the hidden key in its paragraph, and its text is replaced through a search that starts
at the paragraph (what a user sees and overtypes).

soffice runs in a process group of its own, ended whole when the run finishes or gives up
(after GIVE_UP_AFTER seconds), so no soffice.bin is left behind.
"""

import json
import os
import re
import signal
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue

MARKER = re.compile(r"\[\[([^\[\]]+)\]\]")
GIVE_UP_AFTER = 240  # seconds for the whole run; the test that starts it waits 300


def prop(name, value):
    item = PropertyValue()
    item.Name, item.Value = name, value
    return item


def end_group(process):
    """Kill soffice and everything it started: `soffice` is a script that starts oosplash, which
    starts soffice.bin, so killing the first process alone can leave soffice.bin running."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()


def start_office(profile):
    pipe = f"tilsyn_fill_{os.getpid()}"
    process = subprocess.Popen(
        [
            "soffice",
            "--headless",
            "--invisible",
            "--nologo",
            "--norestore",
            "--nodefault",
            "--nolockcheck",
            f"-env:UserInstallation=file://{profile}",
            f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )

    def give_up(signum, frame):  # a hung soffice: end it with its children, then fail
        end_group(process)
        sys.exit(f"gave up after {GIVE_UP_AFTER} s; soffice ended")

    signal.signal(signal.SIGALRM, give_up)
    signal.signal(signal.SIGTERM, give_up)
    signal.alarm(GIVE_UP_AFTER)
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    deadline = time.monotonic() + 90
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except Exception:
            if process.poll() is not None or time.monotonic() > deadline:
                end_group(process)
                sys.exit("soffice did not start")
            time.sleep(0.2)
    desktop = context.ServiceManager.createInstanceWithContext(
        "com.sun.star.frame.Desktop", context
    )
    return process, context, desktop


def office_version(context):
    provider = context.ServiceManager.createInstanceWithContext(
        "com.sun.star.configuration.ConfigurationProvider", context
    )
    access = provider.createInstanceWithArguments(
        "com.sun.star.configuration.ConfigurationAccess",
        (prop("nodepath", "/org.openoffice.Setup/Product"),),
    )
    return access.getByName("ooSetupVersionAboutBox")


def paragraphs(text):
    """Every paragraph of a text, descending into table cells."""
    items = text.createEnumeration()
    while items.hasMoreElements():
        item = items.nextElement()
        if item.supportsService("com.sun.star.text.TextTable"):
            for name in item.getCellNames():
                yield from paragraphs(item.getCellByName(name))
        else:
            yield item


def portions(paragraph):
    items = paragraph.createEnumeration()
    while items.hasMoreElements():
        yield items.nextElement()


def overtype(document, paragraph, old, new):
    """Replace the control's text `old` (found from the paragraph's start) by `new`."""
    search = document.createSearchDescriptor()
    search.SearchString = old
    search.SearchCaseSensitive = True
    found = document.findNext(paragraph.getStart(), search)
    if found is None:
        raise RuntimeError(f"text {old!r} not found")
    found.setString(new)


def fill_paragraph(document, paragraph, answer):
    parts = list(portions(paragraph))
    others = "".join(p.getString() for p in parts if p.TextPortionType == "Text")
    shown = paragraph.getString()
    shown = shown[: len(shown) - len(others)] if others and shown.endswith(others) else shown
    for part in parts:
        if part.TextPortionType == "TextField":  # a text control in LibreOffice 7.4
            part.TextField.Content = answer
            return
        if part.TextPortionType != "ContentControl":
            continue
        control = part.ContentControl
        if control.Checkbox:
            control.Checked = bool(answer)
            overtype(
                document,
                paragraph,
                shown,
                control.CheckedState if answer else control.UncheckedState,
            )
        elif control.Date:
            control.CurrentDate = answer["date"] + "T00:00:00Z"  # the picker sets the day only
            overtype(document, paragraph, shown, answer["text"])
        else:  # a drop-down item chosen, or text typed
            overtype(document, paragraph, shown, answer)
        if not control.Checkbox:
            control.ShowingPlaceHolder = False
        return
    raise RuntimeError("no control in the paragraph")


def fill(document, answers):
    done = set()
    for paragraph in paragraphs(document.getText()):
        hidden = "".join(
            p.getString()
            for p in portions(paragraph)
            if p.TextPortionType == "Text" and p.CharHidden
        )
        for key in MARKER.findall(hidden):
            if key in answers:
                fill_paragraph(document, paragraph, answers[key])
                done.add(key)
    return sorted(set(answers) - done)


def main():
    spec = json.load(open(sys.argv[1], encoding="utf-8"))
    process, context, desktop = start_office(spec["profile"])
    missing = {}
    try:
        for job in spec["jobs"]:
            url = uno.systemPathToFileUrl(os.path.abspath(job["source"]))
            document = desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))
            try:
                not_found = fill(document, job["answers"]) if job.get("answers") else []
                if not_found:
                    missing[job["target"]] = not_found
                target = uno.systemPathToFileUrl(os.path.abspath(job["target"]))
                filter_name = job.get("filter", "MS Word 2007 XML")
                document.storeToURL(
                    target, (prop("FilterName", filter_name), prop("Overwrite", True))
                )
            finally:
                document.close(True)
        version = office_version(context)
    finally:
        try:
            desktop.terminate()
        except Exception:
            pass
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            pass
        end_group(process)  # also when soffice exited: oosplash may leave soffice.bin behind
    if missing:
        print(json.dumps({"missing": missing}))
        sys.exit(1)
    print(json.dumps({"version": version, "saved": len(spec["jobs"])}))


if __name__ == "__main__":
    main()
