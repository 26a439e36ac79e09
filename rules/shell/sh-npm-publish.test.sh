# ruleid: sh-npm-publish
npm publish --access public

# ok: sh-npm-publish
npm install
