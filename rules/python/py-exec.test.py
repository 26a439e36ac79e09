# ruleid: py-exec
exec(payload)

# ruleid: py-exec
__import__('builtins').exec(code)

# ruleid: py-exec
getattr(__builtins__, 'ev' + 'al')(expr)

# ok: py-exec
re.compile(r'x')

# ok: py-exec
cursor.execute(sql)

# ruleid: py-exec
𝐞𝐱𝐞𝐜(payload)
