"""The language a source is written in, and whether compare can compare it.

Everything that decides a verdict reads English: the names, dates, figures, hedges,
denials and loaded words of `extract`, and the stop words and term weights of `align`. A
French or Arabic account of the same event shares almost no words with the English ones,
so it would come out as a set of claims that "only one source makes", which is false and
the opposite of what a reader needs. Such a source is kept, split into claims and listed,
with its claims marked `uncompared`; it takes part in no link, event or status count.

The language is decided when a source is added (py3langid, a naive Bayes classifier over
byte n-grams whose model ships inside its wheel) and kept in the front matter, where a
person can correct it; `compare check` flags a text that reads as another language than
its front matter says. A file written by hand without a `language:` field is read for it
at every run (`read_language`), the guess cached next to its segments.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .corpus import Corpus
    from .model import Source

# ISO 639-1 or 639-2/3 codes, optionally with BCP 47 subtags: en, en-GB, fra, zh-Hant.
LANGUAGE_PATTERN = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
COMPARED = frozenset({"en", "eng"})
# Below these, a guess is not kept: a headline of six words reads as Javanese as often as
# English ("Nasrallah said." gives jv at 0.15), and a source of one line stays English.
MIN_LETTERS = 40
MIN_CONFIDENCE = 0.95
SAMPLE_CHARS = 4_000  # the classifier's cost grows with the text; a page is enough to tell
# Chinese, Japanese and Korean write a word in one to three characters, without spaces: a
# 20-character Japanese sentence says as much as 40 letters of English, and reads as
# Japanese at 0.9999. Each such character counts as this many letters.
DENSE_SCRIPT = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
DENSE_WEIGHT = 3

NAMES = {
    "ar": "Arabic",
    "de": "German",
    "en": "English",
    "es": "Spanish",
    "fa": "Persian",
    "fr": "French",
    "he": "Hebrew",
    "hi": "Hindi",
    "id": "Indonesian",
    "it": "Italian",
    "ja": "Japanese",
    "ko": "Korean",
    "ku": "Kurdish",
    "nl": "Dutch",
    "pl": "Polish",
    "ps": "Pashto",
    "pt": "Portuguese",
    "ru": "Russian",
    "sv": "Swedish",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "ur": "Urdu",
    "zh": "Chinese",
}


@dataclass(frozen=True)
class LanguageGuess:
    code: str | None  # None: too short, or too mixed, to tell
    confidence: float


def primary_subtag(code: str) -> str:
    return code.split("-", 1)[0].lower()


def normalise_language(code: str) -> str:
    """BCP 47's usual case: 'FR' -> 'fr', 'en-gb' -> 'en-GB', 'zh-hant' -> 'zh-Hant'."""
    first, *rest = code.split("-")
    tags = [t.upper() if len(t) == 2 else t.title() if len(t) == 4 else t.lower() for t in rest]
    return "-".join([first.lower(), *tags])


def is_compared(code: str) -> bool:
    """Whether claims in this language are aligned and assessed."""
    return primary_subtag(code) in COMPARED


def language_name(code: str) -> str:
    """'French (fr)' for a code compare knows a name for, the code itself otherwise."""
    name = NAMES.get(primary_subtag(code))
    return f"{name} ({code})" if name else code


def letter_count(text: str) -> int:
    """Letters, with the characters of dense scripts counted as several."""
    return sum(1 for ch in text if ch.isalpha()) + (DENSE_WEIGHT - 1) * len(DENSE_SCRIPT.findall(text))


@functools.cache
def detector_fingerprint() -> str:
    """What a cached guess depends on besides the text: the model and the thresholds."""
    from importlib.metadata import version

    return f"py3langid {version('py3langid')}; {MIN_LETTERS} {MIN_CONFIDENCE} {SAMPLE_CHARS} {DENSE_WEIGHT}"


@functools.cache
def _identifier():  # type: ignore[no-untyped-def]
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    # Normalised probabilities, so that one confidence threshold means the same for any text.
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> LanguageGuess:
    """The language `text` is most likely written in, when the classifier is sure of it."""
    sample = text[:SAMPLE_CHARS]
    if letter_count(sample) < MIN_LETTERS:
        return LanguageGuess(None, 0.0)
    code, confidence = _identifier().classify(sample)
    confidence = round(float(confidence), 4)
    return LanguageGuess(code if confidence >= MIN_CONFIDENCE else None, confidence)


def mismatch(declared: str, text: str) -> str | None:
    """A one-line note when the text reads as another language than `declared`, in a way
    that changes whether it is compared; None when they agree or the guess is unsure."""
    guess = detect_language(text)
    if guess.code is None or is_compared(guess.code) == is_compared(declared):
        return None
    return (
        f"the text reads as {language_name(guess.code)} with confidence {guess.confidence:.2f}, "
        f"but its language is '{declared}'"
    )


def read_language(source: Source, cache: object | None = None) -> str:
    """The language a source is analysed in: the one its front matter names or, when it
    names none, the one its text reads as if compare does not read that one (through
    `cache` when given: the model costs more to load than a small report)."""
    if source.meta.language_stated:
        return source.meta.language
    code = (
        cache.detected_language(source.text)  # type: ignore[attr-defined]
        if cache is not None
        else detect_language(source.text).code
    )
    return code if code is not None and not is_compared(code) else source.meta.language


def settle_languages(corpus: Corpus, cache: object | None = None) -> tuple[Corpus, tuple[str, ...]]:
    """The corpus with each source's language read as `read_language` does, and a warning
    for each source whose front matter names none and which is then not compared. A file
    written by hand in French would otherwise be read as English, and every claim in it
    reported as one that only it makes."""
    sources = []
    notes = []
    for source in corpus.sources:
        code = read_language(source, cache)
        if code != source.meta.language:
            source = replace(source, meta=replace(source.meta, language=code))
            notes.append(
                f"{source.id} names no language and reads as {language_name(code)}: it is not compared "
                f"(compare reads English); 'compare check --fix' writes 'language: {code}' into it"
            )
        sources.append(source)
    if not notes:
        return corpus, ()
    return replace(corpus, sources=tuple(sources)), tuple(notes)
