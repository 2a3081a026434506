'use strict';
// The model schema both Amplify baselines of SdkBench use (datastore-sync.js in Node,
// datastore-browser.js in Chromium).
// What `amplify codegen models` generates for SdkBench's schema:
//   type Post @model @auth(rules: [{ allow: public }]) {
//     id: ID! title: String! body: String rating: Int @index(name: "byRating") tags: [String]
//   }
const field = (name, type, isRequired, extra = {}) => ({
  name,
  isArray: false,
  type,
  isRequired,
  attributes: [],
  ...extra,
});
module.exports = {
  models: {
    Post: {
      name: 'Post',
      fields: {
        id: field('id', 'ID', true),
        title: field('title', 'String', true),
        body: field('body', 'String', false),
        rating: field('rating', 'Int', false),
        tags: field('tags', 'String', false, { isArray: true, isArrayNullable: true }),
        createdAt: field('createdAt', 'AWSDateTime', false, { isReadOnly: true }),
        updatedAt: field('updatedAt', 'AWSDateTime', false, { isReadOnly: true }),
      },
      syncable: true,
      pluralName: 'Posts',
      attributes: [
        { type: 'model', properties: {} },
        { type: 'key', properties: { name: 'byRating', fields: ['rating'] } },
        {
          type: 'auth',
          properties: {
            rules: [{ allow: 'public', operations: ['create', 'update', 'delete', 'read'] }],
          },
        },
      ],
      primaryKeyInfo: { isCustomPrimaryKey: false, primaryKeyFieldName: 'id', sortKeyFieldNames: [] },
    },
  },
  enums: {},
  nonModels: {},
  codegenVersion: '3.4.4',
  version: 'sdkbench1',
};
