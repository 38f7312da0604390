#!/usr/bin/env bash
# Tend beside taskwarrior on the same machine, in one run.
#
#   scripts/bench-vs-taskwarrior.sh [ROUNDS]
#
# Installs taskwarrior and hyperfine (Debian packages) if missing, imports 10,000 pending tasks into a
# private TASKDATA, generates Tend's 20-rep / 10,000-contact / 1,000,000-event team, and times
#   task next   vs  tend today
#   task add    vs  tend note          (one capture, fsync'd)
#   task count  vs  tend list --json | wc -l
#   task export vs  tend list --json   (each its whole listing as JSON: the fair pair)
# with hyperfine, in ROUNDS rounds (default 3) whose order alternates (task first, then tend first),
# and prints each pair's medians and the ratio Tend/taskwarrior. Nothing outside a temp dir is touched.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}

missing=()
command -v task >/dev/null 2>&1 || missing+=(taskwarrior)
command -v hyperfine >/dev/null 2>&1 || missing+=(hyperfine)
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing: ${missing[*]}" >&2
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

# The binary as the README says to build it for daily use: the Swift runtime and Foundation linked
# in (--static-swift-stdlib), which halves a process's start-up here.
swift build -c release --static-swift-stdlib --product tend >&2
TEND="$PWD/.build/release/tend"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# taskwarrior: a private data dir and rc, no prompts, no colour, no hooks.
export TASKDATA="$WORK/task" TASKRC="$WORK/taskrc"
mkdir -p "$TASKDATA"
printf 'data.location=%s\nconfirmation=off\nverbose=nothing\nhooks=off\ncolor=off\n' "$TASKDATA" > "$TASKRC"
python3 - "$WORK/tasks.json" <<'EOF'
import json, random, sys, datetime
random.seed(1)
words = "call back about the quote pricing seats pilot contract budget approval demo renewal invoice".split()
start = datetime.datetime(2026, 11, 1, 9, 0)
tasks = []
for i in range(10_000):
    due = start + datetime.timedelta(days=random.randint(0, 60), hours=random.randint(0, 8))
    tasks.append({
        "description": " ".join(random.choice(words) for _ in range(random.randint(3, 9))) + f" #{i}",
        "status": "pending",
        "entry": (start - datetime.timedelta(days=random.randint(1, 900))).strftime("%Y%m%dT%H%M%SZ"),
        "due": due.strftime("%Y%m%dT%H%M%SZ"),
        "project": f"rep{random.randint(1, 20)}",
        "tags": random.sample(["quote", "checkin", "lead", "nurture", "vip"], 2),
    })
json.dump(tasks, open(sys.argv[1], "w"))
EOF
task import "$WORK/tasks.json" >/dev/null 2>&1
echo "taskwarrior $(task --version): $(task count) pending tasks" >&2

# Tend: the generated team; the first start replays the logs once and writes the snapshot cache.
export TEND_DIR="$WORK/tend" TEND_REP=ann TZ=UTC TEND_NOW=${TEND_NOW:-2026-11-23T09:00:00Z}
"$TEND" demo --generate --reps 20 --contacts 10000 --events 1000000 --seed 1 --dir "$TEND_DIR" --no-open >&2
"$TEND" today >/dev/null
CONTACT=$(head -c 300 "$TEND_DIR/log/ann.jsonl" | sed -n 's/.*"contact":"\([^"]*\)".*/\1/p')

pairs=(
    "task next|$TEND today"
    "task add call back about the quote due:tomorrow|$TEND note $CONTACT 'call back about the quote'"
    "task count|$TEND list --json | wc -l"
    "task export > /dev/null|$TEND list --json > /dev/null"
)
for round in $(seq 1 "$ROUNDS"); do
    for i in "${!pairs[@]}"; do
        IFS='|' read -r tw te <<< "${pairs[$i]}"
        if [ $((round % 2)) -eq 1 ]; then order=("$tw" "$te"); else order=("$te" "$tw"); fi
        hyperfine --style none --warmup 2 --runs 10 --export-json "$WORK/r$round-$i.json" "${order[@]}" >/dev/null 2>&1
    done
done

python3 - "$WORK" "$ROUNDS" "${#pairs[@]}" <<'EOF'
import json, statistics, sys, glob, platform, os
work, rounds, npairs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
names = ["`task next` / `tend today`", "`task add` / `tend note`", "`task count` / `tend list --json \\| wc -l`",
         "`task export` / `tend list --json` (the JSON listings)"]
goals = ["≤ 0.2", "≤ 0.2", "", "≤ 0.3"]
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
print(f"taskwarrior (10,000 pending tasks) vs Tend (1,000,000 events, 10,000 contacts, 20 reps); "
      f"{os.cpu_count()} cores ({cpu}); medians of {rounds} alternating rounds × 10 runs\n")
print("| pair | taskwarrior | Tend | Tend / taskwarrior | goal |")
print("|---|---|---|---|---|")
for i in range(npairs):
    times = {}
    for r in range(1, rounds + 1):
        for res in json.load(open(f"{work}/r{r}-{i}.json"))["results"]:
            kind = "task" if res["command"].startswith("task ") else "tend"
            times.setdefault(kind, []).extend(res["times"])
    t, e = statistics.median(times["task"]), statistics.median(times["tend"])
    print(f"| {names[i]} | {t*1000:.1f} ms | {e*1000:.1f} ms | {e/t:.2f} | {goals[i]} |")
EOF
