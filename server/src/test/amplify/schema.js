'use strict';
// What `amplify codegen models` generates for AmplifyDataStoreIT's schema (models/schema.js):
//   type Post @model @auth(rules: [{ allow: public }, { allow: private }]) {
//     id: ID! title: String! body: String rating: Int tags: [String]
//   }
const field = (name, type, isRequired, extra = {}) => ({
  name,
  isArray: false,
  type,
  isRequired,
  attributes: [],
  ...extra,
});

exports.schema = {
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
        {
          type: 'auth',
          properties: {
            rules: [
              { allow: 'public', operations: ['create', 'update', 'delete', 'read'] },
              { allow: 'private', operations: ['create', 'update', 'delete', 'read'] },
            ],
          },
        },
      ],
      primaryKeyInfo: { isCustomPrimaryKey: false, primaryKeyFieldName: 'id', sortKeyFieldNames: [] },
    },
  },
  enums: {},
  nonModels: {},
  codegenVersion: '3.4.4',
  version: 'c4a1f0e2d3b4a5968778695a4b3c2d1e',
};
