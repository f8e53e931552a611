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
its front matter says.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

# ISO 639-1 or 639-2/3 codes, optionally with BCP 47 subtags: en, en-GB, fra, zh-Hant.
LANGUAGE_PATTERN = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
COMPARED = frozenset({"en", "eng"})
# Below these, a guess is not kept: a headline of six words reads as Javanese as often as
# English ("Nasrallah said." gives jv at 0.15), and a source of one line stays English.
MIN_LETTERS = 40
MIN_CONFIDENCE = 0.95
SAMPLE_CHARS = 4_000  # the classifier's cost grows with the text; a page is enough to tell

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


def is_compared(code: str) -> bool:
    """Whether claims in this language are aligned and assessed."""
    return primary_subtag(code) in COMPARED


def language_name(code: str) -> str:
    """'French (fr)' for a code compare knows a name for, the code itself otherwise."""
    name = NAMES.get(primary_subtag(code))
    return f"{name} ({code})" if name else code


@functools.cache
def _identifier():  # type: ignore[no-untyped-def]
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    # Normalised probabilities, so that one confidence threshold means the same for any text.
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> LanguageGuess:
    """The language `text` is most likely written in, when the classifier is sure of it."""
    sample = text[:SAMPLE_CHARS]
    if sum(1 for ch in sample if ch.isalpha()) < MIN_LETTERS:
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
