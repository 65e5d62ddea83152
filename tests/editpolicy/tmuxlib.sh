# The terminal test's tmux driver, shared by tests/editpolicy/tui.sh (host,
# offline on a store) and tests/vm/editpolicy_live.sh (in the VM, live
# against the module): the real ph-editpolicy in a tmux pane of 80x24, keys
# in with send-keys, screens out with capture-pane, compared with golden
# copies in tests/editpolicy/golden/.  Sourced; the caller sets
#   TUI_EP      the ph-editpolicy to run
#   TUI_WORK    a directory for captures
#   TUI_GOLDEN  the golden copies' directory
# and reads $fails at the end.  UPDATE_GOLDEN=1 rewrites the golden copies.
fails=0
tui_sock=phedit-$$
t() { tmux -L "$tui_sock" "$@"; }
tui_cleanup() { t kill-server 2>/dev/null; }
# A session that lives as long as the test: killing the pane's session in
# start() then never leaves the server empty, so it never exits under a
# following new-session (a race that, on a loaded host, lost the server).
tui_begin() {
	command -v tmux >/dev/null || { echo "tui: tmux is missing (tools/deps.sh)"; return 1; }
	mkdir -p "$TUI_WORK"
	trap tui_cleanup EXIT INT TERM
	t new-session -d -s keep "sleep 3600"
}
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fails=$((fails + 1)); }
screen() { t capture-pane -p -t tui; }
# Wait (up to TUI_WAIT tenths of a second, 50 unless set) until the screen
# shows $1.
wait_for() {
	i=0
	while [ $i -lt "${TUI_WAIT:-50}" ]; do
		screen | grep -qF -- "$1" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}
check() { # check WHAT TEXT: the screen shows TEXT
	if wait_for "$2"; then ok "$1"; else
		bad "$1: no '$2' on the screen:"
		screen | sed 's/^/     | /'
	fi
}
# golden NAME [SED]: compare the screen, passed through the sed script SED
# when given (masking pids and times), with golden/NAME.txt.
golden() {
	screen | sed -e "${2:-}" >"$TUI_WORK/$1.txt"
	if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
		cp "$TUI_WORK/$1.txt" "$TUI_GOLDEN/$1.txt"
		ok "golden $1 written"
	elif diff -u "$TUI_GOLDEN/$1.txt" "$TUI_WORK/$1.txt" >"$TUI_WORK/$1.diff"; then
		ok "golden $1"
	else
		bad "golden $1 differs (UPDATE_GOLDEN=1 to accept):"
		sed 's/^/     | /' "$TUI_WORK/$1.diff"
	fi
}
start() { # start ARGS: a fresh pane running ph-editpolicy ARGS
	t kill-session -t tui 2>/dev/null
	t new-session -d -s tui -x 80 -y 24 \
		"env TERM=tmux-256color LANG=C.UTF-8 $TUI_EP $*; echo \"EXITED \$?\"; stty -a; sleep 600"
	t set-option -t tui status off >/dev/null
}
# restored WHAT: the program exited 0 and left the terminal as it was
# (canonical mode, echo, no alternate screen).
restored() {
	if wait_for "EXITED 0" && screen | grep -q '^EXITED 0' && screen | grep -q ' icanon ' &&
		screen | grep -q ' echo ' && [ "$(t display -p -t tui '#{alternate_on}')" = 0 ]; then
		ok "$1: the terminal is restored (icanon, echo, no alternate screen)"
	else
		bad "$1: the terminal is not restored:"
		screen | sed 's/^/     | /'
	fi
}
