# ruleid: py-lookalike-name
𝐞𝐱𝐞𝐜(payload)

# ok: py-lookalike-name
exec_count = 0
