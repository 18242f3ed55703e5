"""Numbers as a presenter says them: money, percentages, ranges, units, dates, years.

Every number in the spoken text is written out in words (num2words), so no
engine guesses whether `2025` is a year, `$1.65B` is money or `8/15` is a date.
Each rule is one function applied in `say_numbers`, most specific first.
"""

from __future__ import annotations

import calendar
import re

from num2words import num2words

NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
SCALES = {"k": "thousand", "m": "million", "mn": "million", "mm": "million", "b": "billion", "bn": "billion",
          "t": "trillion", "tn": "trillion", "thousand": "thousand", "million": "million", "billion": "billion",
          "trillion": "trillion"}
_SCALE = r"(?:\s?(?:thousand|million|billion|trillion)\b|(?:k|K|m|M|mn|bn|B|b|tn|T)\b)"

# (symbol or code before the number, singular name, plural name, name of its hundredth)
CURRENCIES = [
    (r"US\$|USD\s?", "US dollar", "US dollars", "cent"),
    (r"HK\$|HKD\s?", "Hong Kong dollar", "Hong Kong dollars", "cent"),
    (r"NT\$|TWD\s?", "New Taiwan dollar", "New Taiwan dollars", "cent"),
    (r"S\$|SGD\s?", "Singapore dollar", "Singapore dollars", "cent"),
    (r"A\$|AUD\s?", "Australian dollar", "Australian dollars", "cent"),
    (r"C\$|CAD\s?", "Canadian dollar", "Canadian dollars", "cent"),
    (r"\$", "dollar", "dollars", "cent"),
    (r"RMB\s?|CNY\s?|¥", "yuan", "yuan", "fen"),
    (r"€|EUR\s?", "euro", "euros", "cent"),
    (r"£|GBP\s?", "pound", "pounds", "penny"),
    (r"JPY\s?", "yen", "yen", "sen"),
]
UNITS = {
    "GWh": "gigawatt hour", "MWh": "megawatt hour", "kWh": "kilowatt hour", "TWh": "terawatt hour",
    "GW": "gigawatt", "MW": "megawatt", "kW": "kilowatt", "km/h": "kilometer per hour", "kph": "kilometer per hour",
    "mph": "mile per hour", "km²": "square kilometer", "m²": "square meter", "sq ft": "square foot",
    "km": "kilometer", "cm": "centimeter", "mm": "millimeter", "nm": "nanometer", "kg": "kilogram",
    "GB": "gigabyte", "TB": "terabyte", "MB": "megabyte", "GHz": "gigahertz", "MHz": "megahertz",
    "mAh": "milliamp hour", "W": "watt", "kV": "kilovolt", "°C": "degree Celsius", "°F": "degree Fahrenheit", "ms": "millisecond",
}
_PLURAL = {"foot": "feet", "kilometer per hour": "kilometers per hour", "mile per hour": "miles per hour",
           "degree Celsius": "degrees Celsius", "degree Fahrenheit": "degrees Fahrenheit", "penny": "pence"}
_NOT_A_NOUN = frozenset(
    "of in on at to for from by with per a an the and or but near over under than that which who as is are was were "
    "will would has have had each every last this next ago away long wide high deep apart".split()
)
MONTHS = {m.lower(): n for n, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): n for n, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"


def cardinal(number: str) -> str:
    """`1,600,000` or `102.5` in words; decimals read digit by digit.

    >>> cardinal("1,600,000"), cardinal("109.60"), cardinal("0.5")
    ('one million six hundred thousand', 'one hundred and nine point six zero', 'zero point five')
    """
    whole, _, fraction = number.replace(",", "").partition(".")
    if len(whole) > SAYABLE_DIGITS or len(fraction) > SAYABLE_DIGITS:
        return too_long(whole, fraction)
    words = num2words(int(whole or "0")).replace(",", "")
    if fraction:
        words += " point " + " ".join(num2words(int(d)) for d in fraction)
    return words


SAYABLE_DIGITS = 15
"""Past a quadrillion nobody says a number as one: a longer one is read in groups of three digits."""
GROUPED_DIGITS = 45
"""Past fifteen groups a number is noise in the digest: its length is said instead of its digits."""


_LONG_NUMBER = re.compile(r"(?<![\d,.])\d[\d,]*(?:\.\d+)?")


def _say_if_too_long(match: re.Match[str]) -> str:
    """A number longer than any rule should see is said here, before the rules (which parse numbers as ints)."""
    whole, _, fraction = match.group(0).replace(",", "").partition(".")
    return too_long(whole, fraction) if len(whole) > SAYABLE_DIGITS or len(fraction) > SAYABLE_DIGITS else match.group(0)


def too_long(whole: str, fraction: str = "") -> str:
    """A number too long to say as one: its digit groups, or (longer still) how long it is.

    >>> too_long("1234567890123456789")
    'one, two hundred and thirty-four, five hundred and sixty-seven, eight hundred and ninety, one hundred and twenty-three, four hundred and fifty-six, seven hundred and eighty-nine'
    >>> too_long("9" * 5000)
    'a number five thousand digits long'
    """
    digits = len(whole) + len(fraction)
    if digits > GROUPED_DIGITS:
        return f"a number {num2words(digits)} digits long".replace(",", "")
    groups = [whole[max(0, end - 3):end] for end in range(len(whole), 0, -3)][::-1]
    words = ", ".join(num2words(int(group)) for group in groups)
    return words + (" point " + " ".join(num2words(int(d)) for d in fraction) if fraction else "")


def ordinal(number: int) -> str:
    return num2words(number, to="ordinal")


def year(number: int) -> str:
    """>>> year(2025), year(2005), year(1999)
    ('twenty twenty-five', 'two thousand five', 'nineteen ninety-nine')
    """
    return num2words(number, to="year").replace(" and ", " ")


def plural(name: str, amount: str) -> str:
    if amount.replace(",", "") in ("1", "1.0"):
        return name
    return _PLURAL.get(name, name if name.endswith("s") else name + "s")


def _money(match: re.Match[str], singular: str, many: str, hundredth: str) -> str:
    amount, scale = match.group("amount"), (match.group("scale") or "").strip()
    scale_word = SCALES.get(scale.lower(), "") if scale else ""
    if scale_word:
        return f"{cardinal(amount)} {scale_word} {many}"
    whole, _, cents = amount.replace(",", "").partition(".")
    if cents and len(cents) <= 2:
        cents_words = f"{cardinal(cents.ljust(2, '0'))} {plural(hundredth, cents.ljust(2, '0').lstrip('0') or '0')}"
        if int(whole) == 0:
            return cents_words
        return f"{cardinal(whole)} {singular if whole == '1' else many} and {cents_words}"
    return f"{cardinal(amount)} {singular if amount == '1' else many}"


def say_money(text: str) -> str:
    """`$1.65B`, `US$13 billion`, `HK$139`, `RMB 1 ($0.15)`, `CNY 109.6 billion`.

    >>> say_money("$1.65B and HK$139 and $0.15")
    'one point six five billion dollars and one hundred and thirty-nine Hong Kong dollars and fifteen cents'
    """
    for symbol, singular, many, hundredth in CURRENCIES:
        pattern = re.compile(rf"(?<![\w$])(?:{symbol})\s?(?P<amount>{NUMBER})(?P<scale>{_SCALE})?")
        text = pattern.sub(lambda m: _money(m, singular, many, hundredth), text)
    return text


def say_percent_and_ranges(text: str) -> str:
    """`7-10 percent`, `27.7% YoY`, `2023-2025`, `-3%`.

    >>> say_percent_and_ranges("up 7-10 percent, 27.7% YoY, in 2023-2025")
    'up 7 to 10 percent, 27.7 percent year on year, in 2023 to 2025'
    """
    text = re.sub(rf"(?<![\w.])({NUMBER})\s?[-–]\s?({NUMBER})(?=\s?(?:%|percent|{_SCALE}|[a-zA-Z]|\b))", r"\1 to \2", text)
    text = re.sub(r"(?<![\w-])-(?=\d)", "minus ", text)
    text = re.sub(rf"({NUMBER})\s?%", r"\1 percent", text)
    text = re.sub(r"\b(?:YoY|y/y|yoy)\b", "year on year", text)
    text = re.sub(r"\b(?:MoM|m/m)\b", "month on month", text)
    text = re.sub(r"\b(?:QoQ|q/q)\b", "quarter on quarter", text)
    return re.sub(rf"({NUMBER})\s?(?:pp|ppt|pts)\b", r"\1 percentage points", text)


def say_units(text: str) -> str:
    """`100 GWh`, `2,000 m²`, `144 km/h`.

    >>> say_units("100 GWh over 2,000 m² at 1 km, a 3nm chip")
    'one hundred gigawatt hours over two thousand square meters at one kilometer, a three nanometer chip'
    """
    units = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w.])({NUMBER})\s?({units})(?![\w²])(?=(\s+[a-z]+)?)")

    def say(m: re.Match[str]) -> str:
        unit = UNITS[m.group(2)]
        next_word = (m.group(3) or "").strip()
        adjective = next_word and next_word not in _NOT_A_NOUN  # "a 3nm chip", "a 5,000 mAh battery"
        return f"{cardinal(m.group(1))} {unit if adjective else plural(unit, m.group(1))}"

    return pattern.sub(say, text)


def _day(month: str, day: str) -> str:
    number = MONTHS.get(month.lower().rstrip("."), 0)
    return f"{calendar.month_name[number]} {ordinal(int(day))}" if number and 1 <= int(day) <= 31 else f"{month} {day}"


def say_dates(text: str) -> str:
    """`2025-09-25`, `Jan. 19`, `January 19, 2025`, `8/15-8/22`, `19 January`, and clock times.

    >>> say_dates("on 2025-09-25, by Jan. 19 and from 8/15-8/22")
    'on September twenty-fifth, twenty twenty-five, by January nineteenth and from August fifteenth to August twenty-second'
    """
    def iso(m: re.Match[str]) -> str:
        y, mo, d = (int(g) for g in m.groups())
        if not (1 <= mo <= 12 and 1 <= d <= 31):
            return m.group(0)
        return f"{calendar.month_name[mo]} {ordinal(d)}, {year(y)}"

    def slash(m: re.Match[str]) -> str:
        return f"{calendar.month_name[int(m.group(1))]} {ordinal(int(m.group(2)))}"

    def slash_date_words(m: re.Match[str]) -> str:
        return f"{calendar.month_name[int(m.group(2))]} {ordinal(int(m.group(3)))}"

    text = re.sub(r"\b(\d{4})-(\d{2})-(\d{2})\b", iso, text)
    text = re.sub(r"\b([01]?\d|2[0-3]):([0-5]\d)\b", _clock_time, text)
    slash_date = r"\b(1[0-2]|0?[1-9])/(3[01]|[12]\d|0?[1-9])\b"
    text = re.sub(rf"{slash_date}\s?[-–]\s?(?={slash_date})", lambda m: slash(m) + " to ", text)
    text = re.sub(rf"\b(to|on|by|from|until|since|through) {slash_date}", lambda m: f"{m.group(1)} {slash_date_words(m)}", text)
    text = re.sub(rf"\b({_MONTH})\s(\d{{1,2}})(?:st|nd|rd|th)?\b(?!\s?(?:%|percent|million|billion))",
                  lambda m: _day(m.group(1), m.group(2)) if m.group(1).lower().rstrip(".") in MONTHS else m.group(0), text)
    text = re.sub(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s({_MONTH})(?=[\s,.]|$)", _day_of_month, text)
    return text


def _clock_time(match: re.Match[str]) -> str:
    """`10:30` → "ten thirty", `9:05` → "nine oh five", `14:00` → "fourteen hundred"."""
    hour, minute = int(match.group(1)), int(match.group(2))
    if minute == 0:
        if re.match(r"\s?[ap]\.?m\b", match.string[match.end():], re.IGNORECASE):
            return cardinal(str(hour))  # "10:00 a.m." → "ten a.m."
        return f"{cardinal(str(hour))} {'hundred' if hour > 12 else 'o' + chr(39) + 'clock'}"
    return f"{cardinal(str(hour))} {'oh ' if minute < 10 else ''}{cardinal(str(minute))}"


def _day_of_month(match: re.Match[str]) -> str:
    """`19 January` → "the nineteenth of January"; a full stop after a full month name ends the sentence."""
    day, month = match.groups()
    name = month.lower().rstrip(".")
    if name not in MONTHS:
        return match.group(0)
    full = calendar.month_name[MONTHS[name]]
    stop = "." if month.endswith(".") and name == full.lower() else ""
    return f"the {ordinal(int(day))} of {full}{stop}"


def say_numbers(text: str) -> str:
    """Every remaining number: ordinals, quarters and halves, versions, years, cardinals.

    >>> say_numbers("the 2nd plant in Q2 2025 runs v2.5.1 on 3 lines for 1,200 staff, Category 5")
    'the second plant in Q two twenty twenty-five runs version two point five point one on three lines for one thousand two hundred staff, Category five'
    """
    text = _LONG_NUMBER.sub(_say_if_too_long, text)
    text = say_dates(text)
    text = say_money(text)
    text = say_percent_and_ranges(text)
    text = say_units(text)
    text = re.sub(r"\b(\d+)(?:st|nd|rd|th)\b", lambda m: ordinal(int(m.group(1))), text)
    text = re.sub(r"\b([QH])([1-4])\b", lambda m: f"{m.group(1)} {cardinal(m.group(2))}", text)
    text = re.sub(r"\b[vV](?=\d)", "version ", text)
    text = re.sub(r"\b\d+(?:\.\d+){2,}\b", lambda m: " point ".join(cardinal(p) for p in m.group(0).split(".")), text)
    text = re.sub(r"#(\d)", r"number \1", text)
    text = re.sub(r"(?<![\d,.])(1[5-9]\d\d|20\d\d)(s\b)?(?!\d|[.,]\d|\s?(?:percent|million|billion|thousand)\b)", _year_words, text)
    text = re.sub(r"(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])", " ", text)
    return re.sub(rf"(?<![\w.]){NUMBER}(?!\d)", lambda m: cardinal(m.group(0)), text)


def _year_words(match: re.Match[str]) -> str:
    """`2025` → "twenty twenty-five"; `1990s` → "nineteen nineties"."""
    words = year(int(match.group(1)))
    if match.group(2):
        words = re.sub(r"y$", "ies", words) if words.endswith("y") else words + "s"
    return words
