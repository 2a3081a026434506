// Runs Amplify's GraphQL transformer v2 (@aws-amplify/graphql-transformer 2.5.1) on a schema file
// with DataStore conflict detection on (AUTOMERGE, VERSION) and prints the generated API schema.
// Usage: node generate.js schema.graphql > out.graphql (see generate.sh)
const fs = require('fs');
const cdk = require('aws-cdk-lib');
const { executeTransform } = require('@aws-amplify/graphql-transformer');
const {
  constructDataSourceStrategies,
  DDB_DEFAULT_DATASOURCE_STRATEGY,
} = require('@aws-amplify/graphql-transformer-core');
const {
  defaultTransformParameters,
} = require('@aws-amplify/graphql-transformer-core/lib/transformer-context/transform-parameters');

const schema = fs.readFileSync(process.argv[2], 'utf8');
const app = new cdk.App();
const stack = new cdk.Stack(app, 'Api');
let output;
executeTransform({
  schema,
  scope: stack,
  transformersFactoryArgs: {},
  transformParameters: { ...defaultTransformParameters },
  resolverConfig: { project: { ConflictDetection: 'VERSION', ConflictHandler: 'AUTOMERGE' } },
  authConfig: {
    defaultAuthentication: { authenticationType: 'AMAZON_COGNITO_USER_POOLS' },
    additionalAuthenticationProviders: [
      { authenticationType: 'API_KEY', apiKeyConfig: { apiKeyExpirationDays: 7 } },
      { authenticationType: 'AWS_IAM' },
      { authenticationType: 'OPENID_CONNECT', openIDConnectConfig: { name: 'oidc', issuerUrl: 'https://id.example.com' } },
    ],
  },
  dataSourceStrategies: constructDataSourceStrategies(schema, DDB_DEFAULT_DATASOURCE_STRATEGY),
  nestedStackProvider: { provide: (scope, name) => new cdk.NestedStack(scope, name) },
  assetProvider: {
    provide: (scope, name, props) => {
      if (name === 'schema') {
        output = props.fileContent;
      }
      return { s3ObjectUrl: 's3://bucket/' + name, httpUrl: 'https://bucket/' + name, bucketName: 'bucket', objectKey: name, s3BucketName: 'bucket', s3ObjectKey: name, assetHash: name };
    },
  },
  synthParameters: {
    amplifyEnvironmentName: 'NONE',
    apiName: 'api',
    authenticatedUserRoleName: 'auth',
    unauthenticatedUserRoleName: 'unauth',
    userPoolId: 'pool',
    identityPoolId: 'identity',
    adminRoles: [],
  },
  printTransformerLog: (log) => process.stderr.write(log.level + ': ' + log.message + '\n'),
});
if (!output) {
  // The schema asset is made lazily at synthesis; read the API construct's schema instead.
  for (const c of stack.node.findAll()) {
    if (c.schema && typeof c.schema.definition === 'string') {
      output = c.schema.definition;
    }
  }
}
if (!output) {
  throw new Error('the transformer produced no schema');
}
process.stdout.write(output);
