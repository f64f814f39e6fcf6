# Helpers shared by vm/run and vm/build-image (bash).

# modinfo, depmod and friends are in /sbin, which a user's PATH may lack.
PATH=$PATH:/usr/sbin:/sbin

vm_log() { echo "vm: $*" >&2; }
vm_die() { echo "vm: error: $*" >&2; exit 1; }

vm_cache_dir() {
	echo "${DISCBURN_VM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/discburn-vm}"
}

# vm_need_host_tools CMD[:PACKAGE]...
# Installs the Debian packages of missing commands, so a fresh machine needs
# nothing but apt. Not root: say what to install instead of failing later.
vm_need_host_tools() {
	local spec cmd pkg missing=()
	for spec in "$@"; do
		cmd=${spec%%:*}
		pkg=${spec#*:}
		command -v "$cmd" >/dev/null 2>&1 && continue
		# modinfo/depmod live in /sbin, which a user's PATH may lack.
		[[ -x /sbin/$cmd || -x /usr/sbin/$cmd ]] && continue
		missing+=("$pkg")
	done
	((${#missing[@]})) || return 0
	if [[ $(id -u) != 0 ]]; then
		vm_die "missing host packages: ${missing[*]} (run: sudo apt-get install -y ${missing[*]})"
	fi
	vm_log "installing host packages: ${missing[*]}"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
		"${missing[@]}" >&2 || vm_die "apt-get install ${missing[*]} failed"
}
