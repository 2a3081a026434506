'use strict';
// What `amplify codegen models` generates for AmplifyDataStoreIT's schema (models/schema.js):
//   type Post @model @auth(rules: [{ allow: public }, { allow: private }]) {
//     id: ID! title: String! body: String rating: Int tags: [String]
//   }
//   type Country @model @auth(rules: [{ allow: public }, { allow: private }]) {
//     isoCode: ID! @primaryKey  name: String!
//     cities: [City] @hasMany(indexName: "byCountry", fields: ["isoCode"])
//   }
//   type City @model @auth(rules: [{ allow: public }, { allow: private }]) {
//     countryCode: ID! @primaryKey(sortKeyFields: ["name"]) @index(name: "byCountry")
//     name: String!  population: Int
//     country: Country @belongsTo(fields: ["countryCode"])
//   }
//   type Notebook @model @auth(rules: [{ allow: owner, provider: oidc, identityClaim: "sub" }]) {
//     id: ID! title: String! notes: [Note] @hasMany
//   }
//   type Note @model @auth(rules: [{ allow: owner, provider: oidc, identityClaim: "sub" }]) {
//     id: ID! text: String! notebook: Notebook @belongsTo
//   }
const field = (name, type, isRequired, extra = {}) => ({
  name,
  isArray: false,
  type,
  isRequired,
  attributes: [],
  ...extra,
});
const timestamps = {
  createdAt: field('createdAt', 'AWSDateTime', false, { isReadOnly: true }),
  updatedAt: field('updatedAt', 'AWSDateTime', false, { isReadOnly: true }),
};
const publicAndPrivate = {
  type: 'auth',
  properties: {
    rules: [
      { allow: 'public', operations: ['create', 'update', 'delete', 'read'] },
      { allow: 'private', operations: ['create', 'update', 'delete', 'read'] },
    ],
  },
};
const ownerBySub = {
  type: 'auth',
  properties: {
    rules: [
      {
        provider: 'oidc',
        ownerField: 'owner',
        allow: 'owner',
        identityClaim: 'sub',
        operations: ['create', 'update', 'delete', 'read'],
      },
    ],
  },
};
const defaultKey = { isCustomPrimaryKey: false, primaryKeyFieldName: 'id', sortKeyFieldNames: [] };

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
        ...timestamps,
      },
      syncable: true,
      pluralName: 'Posts',
      attributes: [{ type: 'model', properties: {} }, publicAndPrivate],
      primaryKeyInfo: defaultKey,
    },
    Country: {
      name: 'Country',
      fields: {
        isoCode: field('isoCode', 'ID', true),
        name: field('name', 'String', true),
        cities: field('cities', { model: 'City' }, false, {
          isArray: true,
          isArrayNullable: true,
          association: { connectionType: 'HAS_MANY', associatedWith: ['countryCode'] },
        }),
        ...timestamps,
      },
      syncable: true,
      pluralName: 'Countries',
      attributes: [
        { type: 'model', properties: {} },
        { type: 'key', properties: { fields: ['isoCode'] } },
        publicAndPrivate,
      ],
      primaryKeyInfo: { isCustomPrimaryKey: true, primaryKeyFieldName: 'isoCode', sortKeyFieldNames: [] },
    },
    City: {
      name: 'City',
      fields: {
        countryCode: field('countryCode', 'ID', true),
        name: field('name', 'String', true),
        population: field('population', 'Int', false),
        country: field('country', { model: 'Country' }, false, {
          association: { connectionType: 'BELONGS_TO', targetNames: ['countryCode'] },
        }),
        ...timestamps,
      },
      syncable: true,
      pluralName: 'Cities',
      attributes: [
        { type: 'model', properties: {} },
        { type: 'key', properties: { fields: ['countryCode', 'name'] } },
        { type: 'key', properties: { name: 'byCountry', fields: ['countryCode'] } },
        publicAndPrivate,
      ],
      primaryKeyInfo: { isCustomPrimaryKey: true, primaryKeyFieldName: 'countryCode', sortKeyFieldNames: ['name'] },
    },
    Notebook: {
      name: 'Notebook',
      fields: {
        id: field('id', 'ID', true),
        title: field('title', 'String', true),
        notes: field('notes', { model: 'Note' }, false, {
          isArray: true,
          isArrayNullable: true,
          association: { connectionType: 'HAS_MANY', associatedWith: ['notebook'] },
        }),
        ...timestamps,
        owner: field('owner', 'String', false),
      },
      syncable: true,
      pluralName: 'Notebooks',
      attributes: [{ type: 'model', properties: {} }, ownerBySub],
      primaryKeyInfo: defaultKey,
    },
    Note: {
      name: 'Note',
      fields: {
        id: field('id', 'ID', true),
        text: field('text', 'String', true),
        notebook: field('notebook', { model: 'Notebook' }, false, {
          association: { connectionType: 'BELONGS_TO', targetNames: ['notebookNotesId'] },
        }),
        ...timestamps,
        notebookNotesId: field('notebookNotesId', 'ID', false),
        owner: field('owner', 'String', false),
      },
      syncable: true,
      pluralName: 'Notes',
      attributes: [{ type: 'model', properties: {} }, ownerBySub],
      primaryKeyInfo: defaultKey,
    },
  },
  enums: {},
  nonModels: {},
  codegenVersion: '3.4.4',
  version: 'c4a1f0e2d3b4a5968778695a4b3c2d1f',
};
