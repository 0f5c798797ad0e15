#!/bin/sh
# Writes the seed corpora of the four data-file targets (README.md): the shipped files as they
# are, and a few broken variants of each (one mistake per file, the mistakes the parsers' unit
# tests check), into OUT_DIR/<target>/seed-* (default: fuzz/corpus), replacing earlier seed-*
# files there. Plain text edits, so it needs no build and writes the same bytes every run:
#
#   sh fuzz/seed_data_files.sh [OUT_DIR]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
out=${1:-$here/corpus}

# seed TARGET NAME: the text on stdin becomes OUT_DIR/TARGET/seed-NAME.
seed() { cat >"$out/$1/seed-$2"; }

for t in route_template rental_kinds eligibility_categories kiosk_settings; do
    mkdir -p "$out/$t"
    rm -f "$out/$t"/seed-*
done

# Help-route templates: the four shipped, then ЖС1 with one mistake each.
for f in "$repo"/assets/routes/*.toml; do
    seed route_template "$(basename "$f" .toml)" <"$f"
done
zhs1=$repo/assets/routes/zhs1-loss-of-parents.toml
edit() { sed "$1" "$zhs1" | seed route_template "$2"; }
edit 's/^situation = 1/situation = 5/' situation-5
edit 's/^format = 1/format = 2/' format-2
edit 's/^version = 1/version = -1/' version-negative
edit '0,/deadline = "1 сутки"/s//deadline = "30 мин"/' deadline-before-duration
edit '0,/duration = "60 мин"/s//duration = "0 мин"/' duration-zero
edit '0,/duration = "60 мин"/s//duration = "9999999999999999999 мин"/' duration-overflow
edit '0,/deadline = "1 сутки"/s//deadline = "400 дней"/' deadline-over-a-year
edit '0,/deadline = "1 сутки"/s//deadline = "3 лет"/' unit-unknown
edit '0,/role = "psychologist"/s//role = "driver"/' role-unknown
edit '0,/role = "psychologist"/s//role = "psychologist"\npartner = "army"/' partner-unknown
edit '0,/key_step = true/s//keystep = true/' field-unknown
edit '0,/duration = "60 мин"/{/duration = "60 мин"/d}' field-missing
edit 's/en = "LS1: loss of parents"/en = " "/' title-empty
edit 's/^version = 1/version = /' syntax-broken
sed -n '1,/^\[\[steps\]\]/p' "$zhs1" | sed '$d' | { cat; echo 'steps = []'; } | seed route_template steps-empty
head -c 1200 "$zhs1" | seed route_template cut

# Rental kinds: the shipped list, the unit tests' one kind, then one mistake each.
kinds=$repo/assets/rental/kinds.toml
seed rental_kinds shipped <"$kinds"
one='format = 1
[[kinds]]
key = "bath_seat"
title = { ru = "Стульчик для купания", tt = "Коену урындыгы", en = "Bath seat" }
term_months = 6
prefix = "ван"'
printf '%s\n' "$one" | seed rental_kinds one
printf '%s\n' "$one" | sed 's/"ван"/"VAN"/' | seed rental_kinds one-latin
edit() { sed "$1" "$kinds" | seed rental_kinds "$2"; }
edit '0,/term_months = 12/s//term_months = 24/' term-24
edit '0,/term_months = 12/s//term_months = 0/' term-0
edit '0,/key = "stroller_transformer"/s//key = "Stroller transformer"/' key-bad
edit '0,/key = "sledge_stroller"/s//key = "stroller_transformer"/' key-twice
edit '0,/prefix = "КОЛ"/s//prefix = "К-1"/' prefix-not-letters
edit '0,/prefix = "КОЛ"/s//prefix = "КОЛЯСКАТ"/' prefix-long
edit '0,/prefix = "САН"/s//prefix = "KOL"/' prefix-same-label
edit '0,/prefix = "КОЛ"/s//prefix = " "/' prefix-empty
edit 's/^format = 1/format = 2/' format-2
edit '0,/prefix = "КОЛ"/s//prefix = "КОЛ"\ncolour = 1/' field-unknown
edit '0,/term_months = 12/{/term_months = 12/d}' field-missing
edit '0,/en = "Convertible stroller"/s//en = ""/' title-empty
printf 'format = 1\nkinds = []\n' | seed rental_kinds kinds-empty
head -c 1500 "$kinds" | seed rental_kinds cut

# Eligibility categories: the shipped list, then one mistake each.
cats=$repo/assets/rental/categories.toml
seed eligibility_categories shipped <"$cats"
edit() { sed "$1" "$cats" | seed eligibility_categories "$2"; }
edit 's/^format = 1/format = 2/' format-2
edit '0,/^passport = /s//Passport = /' document-key-bad
edit '0,/documents = \["passport", /s//documents = ["pasport", /' document-unknown
edit '0,/documents = \["passport", "birth_certificate", "allowance_decision"\]/s//documents = []/' documents-empty
edit '0,/documents = \["passport", /s//documents = ["passport", "passport", /' document-twice
edit '0,/child_under_months = 18/s//child_under_months = 0/' limit-0
edit '0,/parents_up_to_age = 25/s//parents_up_to_age = -25/' limit-negative
edit '0,/key = "student_parents"/s//key = "infant_allowance"/' key-twice
edit '0,/key = "student_parents"/s//key = "student parents"/' key-bad
edit '0,/min_children = 3/s//min_children = 3\nincome = 1/' field-unknown
edit '0,/^tzhs_act = .*/s//tzhs_act = { ru = "Акт", tt = " ", en = "Record" }/' document-title-empty
sed -n '1,/^\[\[categories\]\]/p' "$cats" | sed '$d' | { cat; echo 'categories = []'; } |
    seed eligibility_categories categories-empty
head -c 2500 "$cats" | seed eligibility_categories cut

# kiosk.toml: what the set-up screen writes, what a person may write, and one mistake each.
header='# Ladoshka kiosk settings (README.md, «The kiosk'"'"'s settings file»).
# time_zone: an IANA name such as "Europe/Moscow"; language: "ru", "tt" or "en";
# room: the name of the room this kiosk stands in.'
k() { printf '%s\n' "$1" | seed kiosk_settings "$2"; }
k "$header
time_zone = \"Europe/Moscow\"
language = \"ru\"
room = \"Игротерапия «Радуга»\"" written-full
k "$header
language = \"tt\"
room = 'Кабинет № 12 \"Радуга\"'" written-no-time-zone
k '# nothing set' comment-only
printf '' | seed kiosk_settings empty
k 'time_zone = " Asia/Yekaterinburg "' time-zone-spaces
k 'time_zone = "Europe/Moscw"' time-zone-unknown
k 'language = " TT "' language-upper
k 'language = "de"' language-unknown
k 'room = "Игротерапия  «Радуга»"' room-spaces
k 'room = "<b>"' room-bad
k 'room = "  "' room-empty
k 'room = """
Прокат"""' room-multiline
k 'language = "ru"
timezone = "Europe/Moscow"' key-unknown
k 'language = ru' value-bare
k 'room = 12' value-number
k 'language = "ru"
language = "en"' key-twice
k '[room]
name = "Прокат"' table
