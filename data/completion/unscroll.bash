# SPDX-License-Identifier: GPL-3.0-or-later
# Bash completion for unscroll(1): commands, options, their fixed values, and
# service ids asked from the running daemon (silently nothing without one).

_unscroll_service_ids()
{
    # $1 is the unscroll the user typed, so a build-tree binary works too.
    "$1" services list --ids 2>/dev/null
}

# What a limit can be for: "total", every category and every service.
_unscroll_limit_targets()
{
    echo total
    "$1" services list --json 2>/dev/null |
        sed -n 's/^ *"category" : "\([a-z0-9_-]*\)",*$/category:\1/p' | sort -u
    _unscroll_service_ids "$1"
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
        # -n : keeps "category:video" one word.
        _init_completion -n : || return
    else
        COMPREPLY=()
        cur="${COMP_WORDS[COMP_CWORD]}"
        prev="${COMP_WORDS[COMP_CWORD-1]}"
        words=("${COMP_WORDS[@]}")
        cword=$COMP_CWORD
    fi

    local commands="status report export pause resume forget limit downtime snooze break services resources browser help"
    local weekdays="daily weekdays weekends mon tue wed thu fri sat sun"
    local days="today yesterday"
    # The countries data/resources/resources.json has entries for
    # (test-resources checks that this list matches the file).
    local countries="AR AT AU BE BR CA CH DE DK ES FI FR GB HK IE IL IN IT JP KR MX NL NO NZ PH PL PT SE SG US ZA"

    # The command is the first word after "unscroll" that isn't an option.
    local i command="" subcommand="" command_index=0 subcommand_index=0
    for ((i = 1; i < cword; i++)); do
        if [[ ${words[i]} != -* ]]; then
            if [[ -z $command ]]; then
                command=${words[i]}
                command_index=$i
            elif [[ $command =~ ^(services|limit|downtime|browser)$ && -z $subcommand ]]; then
                subcommand=${words[i]}
                subcommand_index=$i
            fi
        fi
    done

    if [[ -z $command ]]; then
        _unscroll_reply -W "$commands --help --version"
        return
    fi

    # Arguments of limit, downtime, snooze and break before the cursor that
    # are neither options nor an option's value.
    local nargs=0 first=$((subcommand_index > 0 ? subcommand_index : command_index))
    for ((i = first + 1; i < cword; i++)); do
        if [[ ${words[i]} != -* && ${words[i-1]} != @(--weekdays|--weekends|--day|--days|-d) ]]; then
            ((nargs++))
        fi
    done

    case $command:$prev in
        limit:--weekdays|limit:--weekends)
            _unscroll_reply -W "0 15m 30m 45m 1h 1h30m 2h"
            return
            ;;
        limit:--day)
            return
            ;;
        downtime:--days|downtime:-d)
            _unscroll_reply -W "$weekdays"
            return
            ;;
    esac

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
        --country)
            _unscroll_reply -W "$countries"
            return
            ;;
        -c)
            # -c is resources' --country, and services add's --category.
            if [[ $command == resources ]]; then
                _unscroll_reply -W "$countries"
            fi
            return
            ;;
        --name|-n|--category|--app|--domain)
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
        resources)
            _unscroll_reply -W "--country --all --json --help"
            ;;
        browser)
            case $subcommand in
                "")
                    if [[ $cur == -* ]]; then
                        _unscroll_reply -W "--json --help"
                    else
                        _unscroll_reply -W "status install uninstall"
                    fi
                    ;;
                status)
                    _unscroll_reply -W "--json --help"
                    ;;
                install|uninstall)
                    _unscroll_reply -W "--user --help"
                    ;;
            esac
            ;;
        limit)
            case $subcommand in
                "")
                    if [[ $cur == -* ]]; then
                        _unscroll_reply -W "--json --targets --help"
                    else
                        _unscroll_reply -W "list add edit remove"
                    fi
                    ;;
                list)
                    _unscroll_reply -W "--json --targets --help"
                    ;;
                add)
                    if [[ $cur == -* ]]; then
                        _unscroll_reply -W "--weekdays --weekends --day --strict --mindful-pause --disabled --help"
                    elif ((nargs == 0)); then
                        _unscroll_reply -W "$(_unscroll_limit_targets "${words[0]}")"
                    elif ((nargs == 1)); then
                        _unscroll_reply -W "15m 30m 45m 1h 1h30m 2h"
                    fi
                    ;;
                edit)
                    if [[ $cur == -* ]]; then
                        _unscroll_reply -W "--weekdays --weekends --day --strict --no-strict --mindful-pause --no-mindful-pause --enable --disable --help"
                    elif ((nargs == 0)); then
                        _unscroll_reply -W "$("${words[0]}" limit list --targets 2>/dev/null)"
                    elif ((nargs == 1)); then
                        _unscroll_reply -W "15m 30m 45m 1h 1h30m 2h"
                    fi
                    ;;
                remove)
                    if [[ $cur == -* ]]; then
                        _unscroll_reply -W "--help"
                    elif ((nargs == 0)); then
                        _unscroll_reply -W "$("${words[0]}" limit list --targets 2>/dev/null)"
                    fi
                    ;;
            esac
            if declare -F __ltrim_colon_completions >/dev/null 2>&1; then
                __ltrim_colon_completions "$cur"
            fi
            ;;
        downtime)
            case $subcommand in
                "")
                    if [[ $cur == -* ]]; then
                        _unscroll_reply -W "--json --help"
                    else
                        _unscroll_reply -W "list set clear"
                    fi
                    ;;
                list)
                    _unscroll_reply -W "--json --help"
                    ;;
                set)
                    if [[ $cur == -* ]]; then
                        _unscroll_reply -W "--days --add --help"
                    elif ((nargs == 0)); then
                        _unscroll_reply -W "22:00-07:00 23:00-07:00 21:00-08:00"
                    fi
                    ;;
                clear)
                    _unscroll_reply -W "--help"
                    ;;
            esac
            ;;
        snooze)
            if [[ $cur == -* ]]; then
                _unscroll_reply -W "--help"
            elif ((nargs == 0)); then
                _unscroll_reply -W "$(_unscroll_service_ids "${words[0]}")"
            fi
            ;;
        break)
            if [[ $cur == -* ]]; then
                _unscroll_reply -W "--help"
            elif ((nargs == 0)); then
                _unscroll_reply -W "5m 10m 15m 30m 1h"
            fi
            ;;
        help)
            if ((cword == command_index + 1)); then
                _unscroll_reply -W "${commands% help}"
            fi
            ;;
    esac
} &&
    complete -F _unscroll unscroll
