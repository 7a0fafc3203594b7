# SPDX-License-Identifier: GPL-3.0-or-later
# Bash completion for unscroll(1): commands, options, their fixed values, and
# service ids asked from the running daemon (silently nothing without one).

_unscroll_service_ids()
{
    # $1 is the unscroll the user typed, so a build-tree binary works too.
    "$1" services list --ids 2>/dev/null
}

# Fills COMPREPLY with the words of compgen "$@" that start with $cur, one
# a line, so names with spaces stay whole.
_unscroll_reply()
{
    mapfile -t COMPREPLY < <(compgen "$@" -- "$cur")
}

_unscroll()
{
    local cur prev words cword
    if declare -F _init_completion >/dev/null 2>&1; then
        _init_completion || return
    else
        COMPREPLY=()
        cur="${COMP_WORDS[COMP_CWORD]}"
        prev="${COMP_WORDS[COMP_CWORD-1]}"
        words=("${COMP_WORDS[@]}")
        cword=$COMP_CWORD
    fi

    local commands="status report export pause resume forget services help"
    local days="today yesterday"

    # The command is the first word after "unscroll" that isn't an option.
    local i command="" subcommand="" command_index=0
    for ((i = 1; i < cword; i++)); do
        if [[ ${words[i]} != -* ]]; then
            if [[ -z $command ]]; then
                command=${words[i]}
                command_index=$i
            elif [[ $command == services && -z $subcommand ]]; then
                subcommand=${words[i]}
            fi
        fi
    done

    if [[ -z $command ]]; then
        _unscroll_reply -W "$commands --help --version"
        return
    fi

    case $prev in
        --day|-d|--from|--to)
            _unscroll_reply -W "$days"
            return
            ;;
        --by|-b)
            _unscroll_reply -W "service category app site day"
            return
            ;;
        --format|-f)
            _unscroll_reply -W "csv json ndjson"
            return
            ;;
        --output|-o)
            if declare -F _filedir >/dev/null 2>&1; then
                _filedir
            else
                _unscroll_reply -f
            fi
            return
            ;;
        --service|-s)
            _unscroll_reply -W "$(_unscroll_service_ids "${words[0]}")"
            return
            ;;
        --name|-n|--category|-c|--app|--domain)
            return
            ;;
    esac

    case $command in
        status)
            _unscroll_reply -W "--json --help"
            ;;
        report)
            if [[ $cur == -* ]]; then
                _unscroll_reply -W "--day --week --month --from --to --by --json --help"
            else
                _unscroll_reply -W "$days"
            fi
            ;;
        export)
            _unscroll_reply -W "--format --from --to --output --help"
            ;;
        pause)
            if [[ $cur == -* ]]; then
                _unscroll_reply -W "--help"
            elif ((cword == command_index + 1)); then
                _unscroll_reply -W "tomorrow 15m 30m 1h 2h"
            fi
            ;;
        resume)
            _unscroll_reply -W "--help"
            ;;
        forget)
            _unscroll_reply -W "--from --to --all --service --yes --help"
            ;;
        services)
            case $subcommand in
                "")
                    if [[ $cur == -* ]]; then
                        _unscroll_reply -W "--ids --json --help"
                    else
                        _unscroll_reply -W "list add remove"
                    fi
                    ;;
                list)
                    _unscroll_reply -W "--ids --json --help"
                    ;;
                add)
                    _unscroll_reply -W "--name --category --app --domain --help"
                    ;;
                remove)
                    if [[ $cur == -* ]]; then
                        _unscroll_reply -W "--help"
                    else
                        _unscroll_reply -W "$(_unscroll_service_ids "${words[0]}")"
                    fi
                    ;;
            esac
            ;;
        help)
            if ((cword == command_index + 1)); then
                _unscroll_reply -W "${commands% help}"
            fi
            ;;
    esac
} &&
    complete -F _unscroll unscroll
