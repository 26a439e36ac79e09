from setuptools import setup
# ruleid: py-setup-cmdclass
setup(name='x', cmdclass={'install': PostInstall})

# ok: py-setup-cmdclass
setup(name='y', cmdclass={'test': PyTest})
