#!/usr/bin/env bash
# Creates or updates the one tarsier comment on a pull request (GitHub REST API), so a
# pull request that changes its lockfile several times keeps a single, current comment.
#
#   ci/pr/comment.sh COMMENT_MD
#
# Environment: GITHUB_TOKEN, GITHUB_REPOSITORY (owner/name), PR_NUMBER, GITHUB_API_URL (set by
# GitHub Actions). Needs curl and jq. The comment is found by a hidden marker on its first line;
# only the first 100 comments of the pull request are searched.
set -euo pipefail

body_file="${1:?usage: ci/pr/comment.sh COMMENT_MD}"
: "${GITHUB_TOKEN:?}" "${GITHUB_REPOSITORY:?}" "${PR_NUMBER:?}" "${GITHUB_API_URL:?}"
marker='<!-- tarsier-pr-comment -->'
api="${GITHUB_API_URL%/}/repos/$GITHUB_REPOSITORY"

call() {  # METHOD URL [JSON_BODY_FILE]
  local args=(--silent --show-error --fail --retry 2 -X "$1" "$2"
    -H "Authorization: Bearer $GITHUB_TOKEN"
    -H "Accept: application/vnd.github+json")
  if [[ $# -ge 3 ]]; then
    args+=(-H "Content-Type: application/json" --data-binary "@$3")
  fi
  curl "${args[@]}"
}

payload="$(mktemp)"
trap 'rm -f "$payload"' EXIT
jq -Rs --arg marker "$marker" '{body: ($marker + "\n" + .)}' <"$body_file" >"$payload"

existing="$(call GET "$api/issues/$PR_NUMBER/comments?per_page=100" |
  jq -r --arg marker "$marker" \
    '[.[] | select((.body // "") | startswith($marker))][0].id // empty')"
if [[ -n "$existing" ]]; then
  call PATCH "$api/issues/comments/$existing" "$payload" >/dev/null
  echo "ci/pr/comment.sh: updated comment $existing"
else
  call POST "$api/issues/$PR_NUMBER/comments" "$payload" >/dev/null
  echo "ci/pr/comment.sh: created a comment on #$PR_NUMBER"
fi
