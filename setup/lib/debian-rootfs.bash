# Sourced by setup/container-fixtures and setup/vnetconf-image: a root filesystem made of one Debian suite's packages
# and imported into the local Docker engine, without a registry and without touching the host's package database
# or apt configuration. The caller defines die() (its own message prefix) and $socket (the engine's socket).

# The machine's main Debian archive as "URI SIGNED-BY": the first deb source with a plain suite ("bookworm", not
# "bookworm-security"), from deb822 .sources files, else from one-line sources.list entries. Read at run time, so no
# mirror is ever written into the repository.
machine_mirror() {
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f $f ]] || continue
    awk 'BEGIN { RS = ""; FS = "\n" }
      { types = uris = suites = signed = ""; enabled = "yes"
        for (i = 1; i <= NF; i++) {
          line = $i; if (line ~ /^#/) continue
          key = tolower(line); sub(/:.*/, "", key); value = line; sub(/^[^:]*:[ \t]*/, "", value)
          if (key == "types") types = value; else if (key == "uris") uris = value
          else if (key == "suites") suites = value; else if (key == "signed-by") signed = value
          else if (key == "enabled") enabled = tolower(value) }
        if (enabled == "no" || (" " types " ") !~ / deb /) next
        n = split(suites, s, " "); for (j = 1; j <= n; j++) if (s[j] !~ /[-\/]/) {
          split(uris, u, " "); print u[1], signed; exit } }' "$f"
  done
  [[ -f /etc/apt/sources.list ]] && sed -nE 's/^deb[ \t]+(\[[^]]*signed-by=([^] ]+)[^]]*\][ \t]+)?(\S+)[ \t]+([a-z]+)[ \t].*/\3 \2/p' /etc/apt/sources.list
  return 0
}

# private_apt SUITE DIR: sets apt_opts and apt_archives, a private apt configuration under DIR that reads SUITE from the machine's mirror,
# with an empty package status, so "install" computes a package's whole dependency closure, as for an empty rootfs.
# A backports suite is read with its release (it only holds what it updates) and preferred over it, as `apt-get -t` does.
# The lists are read again when they are a day old.
private_apt() {
  local suite=$1 apt_root=$2 mirror signed_by
  read -r mirror signed_by < <(machine_mirror | head -n 1) || true
  [[ -n ${mirror:-} ]] || die "no Debian archive in /etc/apt/sources.list.d/*.sources or /etc/apt/sources.list to fetch $suite from"
  mkdir -p "$apt_root/lists/partial" "$apt_root/cache/archives/partial"
  echo "deb ${signed_by:+[signed-by=$signed_by] }$mirror $suite main" >"$apt_root/sources.list"
  [[ $suite != *-backports ]] || echo "deb ${signed_by:+[signed-by=$signed_by] }$mirror ${suite%-backports} main" >>"$apt_root/sources.list"
  : >"$apt_root/status.empty"
  apt_opts=(-o "APT::Default-Release=$suite" -o "Dir::Etc::sourcelist=$apt_root/sources.list" -o Dir::Etc::sourceparts=-
    -o "Dir::State::Lists=$apt_root/lists" -o "Dir::State::status=$apt_root/status.empty" -o "Dir::Cache=$apt_root/cache"
    -o APT::Sandbox::User=root -o Debug::NoLocking=1 -qq)
  apt_archives=$apt_root/cache/archives
  if [[ -z $(find "$apt_root/lists" -maxdepth 1 -name '*_Packages*' -mtime -1 -print -quit) ]]; then
    echo "reading $suite's package lists from $mirror (private apt configuration in $apt_root)"
    apt-get "${apt_opts[@]}" update
  fi
}

# closure PACKAGE...: "package=version" lines, the closure as apt would install it (no recommends) into an empty root.
closure() {
  apt-get "${apt_opts[@]}" -s install --no-install-recommends "$@" | sed -nE 's/^Inst ([^ ]+) \(([^ ]+) .*/\1=\2/p' | sort
}

# unpack_closure ROOTFS PACKAGE...: downloads the closure (the downloads stay in the private apt cache for the next
# build) and unpacks it into ROOTFS. dpkg -x runs no maintainer scripts: the merged-/usr links base-files would make
# are made here.
unpack_closure() {
  local rootfs=$1 deb dir; shift
  apt-get "${apt_opts[@]}" -y install --download-only --no-install-recommends "$@"
  while read -r spec; do
    # The archive keeps older versions too: unpack exactly the closure's (an epoch's colon is %3a in a .deb's name).
    deb=$(compgen -G "$apt_archives/${spec%%=*}_$(sed 's/:/%3a/' <<<"${spec#*=}")_*.deb" | head -n 1) \
      || die "apt downloaded no .deb for $spec into $apt_archives"
    dpkg -x "$deb" "$rootfs"
  done < <(closure "$@")
  for dir in bin sbin lib lib64; do
    [[ -e $rootfs/$dir || ! -d $rootfs/usr/$dir ]] || ln -s "usr/$dir" "$rootfs/$dir"
  done
}

# engine PATH: a GET on the Docker engine's API.
engine() { curl -sf --max-time 5 --unix-socket "$socket" "http://localhost$1"; }

# import_rootfs ROOTFS REPO TAG INSTRUCTION...: `docker import` through the API, each INSTRUCTION (LABEL, ENV,
# ENTRYPOINT, CMD, ...) a "changes" parameter of the import.
import_rootfs() {
  local rootfs=$1 repo=$2 tag=$3 query change; shift 3
  query="fromSrc=-&repo=$repo&tag=$tag"
  for change in "$@"; do query+="&changes=$(uri_encode "$change")"; done
  tar -C "$rootfs" -c . | curl -sf --unix-socket "$socket" -H 'Content-Type: application/x-tar' --data-binary @- \
    "http://localhost/images/create?$query" >/dev/null \
    || die "the engine refused to import the rootfs as $repo:$tag"
}

uri_encode() {
  local s=$1 i c out=
  for ((i = 0; i < ${#s}; i++)); do
    c=${s:i:1}
    case $c in [a-zA-Z0-9.~_-]) out+=$c ;; *) out+=$(printf '%%%02X' "'$c") ;; esac
  done
  echo "$out"
}
