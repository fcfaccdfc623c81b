# When bin/rayo rebuilds, and how its build output is logged: sourced by bin/rayo (and its test), with ROOT set to the checkout.

# cluster_running: whether a process 'up' started from this checkout still runs (its jars are in use).
cluster_running() {
  local f="$ROOT/var/cluster.properties" pid
  [ -f "$f" ] || return 1
  for pid in $(sed -n 's/^proc\.[0-9]*\.pid=\([0-9]*\)$/\1/p' "$f"); do
    if tr '\0' ' ' 2>/dev/null < "/proc/$pid/cmdline" | grep -qF "$ROOT/"; then return 0; fi
  done
  return 1
}

# sources_changed: a build input (a module's src/ or a pom.xml) newer than the last build. Files that
# 'up' writes (conf/realm.properties, var/) are configuration read at run time, not build inputs.
sources_changed() {
  [ -n "$(find "$ROOT" -path "$ROOT/var" -prune -o -path '*/target' -prune -o -path '*/.git' -prune -o \
      \( -name 'pom.xml' -o -path '*/src/*' \) -type f -newer "$1" -print -quit)" ]
}

# plain: Debian's Maven 3.8 writes ANSI resets even in batch mode with style.color=never; logs get none.
plain() { sed -u 's/\x1b\[[0-9;]*m//g'; }
