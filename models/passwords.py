"""The password rule: long enough, not common, not made of the account's own names.

Pure (no I/O): zxcvbn ships its word lists (common passwords, names, words from films and
Wikipedia) inside the wheel, so nothing is downloaded. The message says why in Vietnamese.
"""

from collections.abc import Iterable

from zxcvbn import zxcvbn

from models.text import search_key

MIN_LENGTH = 12
MAX_LENGTH = 128  # argon2 hashes anything, but zxcvbn's matching grows fast with length
MIN_SCORE = 3  # zxcvbn 0-4; 3 = "safely unguessable" (about 10^8 to 10^10 guesses)
MIN_REST = 8  # characters left once the account's own words are taken out
APP_WORDS = ("duthao", "du thao", "dự thảo")

TOO_SHORT = f"Mật khẩu phải có ít nhất {MIN_LENGTH} ký tự."
TOO_LONG = f"Mật khẩu dài quá {MAX_LENGTH} ký tự."
BLANK = "Mật khẩu không được chỉ gồm dấu cách."
HAS_NAME = "Mật khẩu không được chứa tên đăng nhập."
# Why zxcvbn found it guessable, by the kind of its weakest part.
_WHY = {
    "user_inputs": "Mật khẩu chứa tên đăng nhập, họ tên hoặc tên hệ thống, rất dễ đoán.",
    "passwords": "Mật khẩu nằm trong danh sách mật khẩu phổ biến, rất dễ đoán.",
    "words": "Mật khẩu chủ yếu là từ hoặc tên thông dụng, dễ đoán.",
    "repeat": "Mật khẩu lặp lại ký tự hoặc chuỗi (như “aaaa”, “abcabc”), dễ đoán.",
    "sequence": "Mật khẩu là dãy liên tiếp (như “abcd”, “1234”), dễ đoán.",
    "spatial": "Mật khẩu là một hàng phím liền nhau (như “qwerty”), dễ đoán.",
    "date": "Mật khẩu chứa ngày tháng hoặc năm, dễ đoán.",
    "regex": "Mật khẩu chứa năm hoặc mẫu quen thuộc, dễ đoán.",
}
WEAK = "Mật khẩu quá dễ đoán."
ADVICE = " Hãy dùng một cụm vài từ không liên quan, xen chữ số hoặc ký hiệu."


def user_words(*values: str) -> list[str]:
    """The account's own words for zxcvbn: each value whole, folded (no diacritics), and
    word by word, plus the application's name."""
    words: list[str] = list(APP_WORDS)
    for value in values:
        if not value:
            continue
        for form in {value.lower(), search_key(value)}:
            words.append(form)
            words.extend(w for w in form.replace(".", " ").replace("_", " ").split() if len(w) > 2)
    return words


def _why(sequence: Iterable[dict[str, object]]) -> str:
    """The message for the most guessable part that zxcvbn recognised."""
    parts = [m for m in sequence if m.get("pattern") != "bruteforce"]
    if not parts:
        return WEAK
    weakest = max(parts, key=lambda m: len(str(m.get("token", ""))))
    pattern = str(weakest.get("pattern"))
    if pattern == "dictionary":
        name = str(weakest.get("dictionary_name"))
        key = name if name in ("user_inputs", "passwords") else "words"
        return _WHY[key]
    return _WHY.get(pattern, WEAK)


def password_problem(password: str, *, username: str = "", full_name: str = "") -> str | None:
    """None if the password may be used, else the Vietnamese reason it may not."""
    if len(password) < MIN_LENGTH:
        return TOO_SHORT
    if len(password) > MAX_LENGTH:
        return TOO_LONG
    if not password.strip():
        return BLANK
    if len(username) >= 3 and search_key(username) in search_key(password):
        return HAS_NAME
    words = user_words(username, full_name)
    result = zxcvbn(password, user_inputs=words, max_length=MAX_LENGTH)
    if result["score"] < MIN_SCORE:
        return _why(result["sequence"]) + ADVICE
    # zxcvbn still rates "duthao@2023!" fair; the part that is not the account's own words
    # must be strong enough alone.
    rest = password
    for m in result["sequence"]:
        if m.get("dictionary_name") == "user_inputs":
            rest = rest.replace(str(m["token"]), "")
    if rest != password and (
        len(rest) < MIN_REST or zxcvbn(rest, max_length=MAX_LENGTH)["score"] < MIN_SCORE
    ):
        return _WHY["user_inputs"] + ADVICE
    return None
