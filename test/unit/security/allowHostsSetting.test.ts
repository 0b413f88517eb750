// Where keys may go is the user's choice, never the workspace's: the editor's allowHosts setting
// is declared so that a workspace cannot set it, and only user-scope values are read – of it and
// of the base URLs whose hosts count as chosen by the user.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../support/rsHarness.js';
import { allowedHosts, settingsOverrides, userScopeValue } from '../../../src/extension/workspace/settings.js';

const manifest = JSON.parse(readFileSync(path.join(repoRoot(), 'package.json'), 'utf8'));
const properties = manifest.contributes.configuration.properties as Record<string, { scope?: string; type: string }>;

test('promptWorkbench.allowHosts is application-scoped (user settings only); githubOrg is an ordinary setting', () => {
  assert.equal(properties['promptWorkbench.allowHosts'].scope, 'application');
  assert.equal(properties['promptWorkbench.allowHosts'].type, 'array');
  assert.equal(properties['promptWorkbench.githubOrg'].type, 'string');
});

test('only user-scope values count: a workspace or folder value is ignored', () => {
  assert.deepEqual(userScopeValue({ globalValue: ['gw.example'], workspaceValue: ['evil.example'], workspaceFolderValue: ['evil2.example'] }), ['gw.example']);
  assert.equal(userScopeValue({ workspaceValue: ['evil.example'] }), undefined);
  assert.equal(userScopeValue(undefined), undefined);
});

test('allowed hosts: the user list plus the hosts of base URLs the user set in user settings', () => {
  assert.deepEqual(allowedHosts({ allowHosts: ['gw.example:8443'], userProviderBaseUrls: { openai: 'https://proxy.corp.example/v1', broken: 'not a url' } }), [
    'gw.example:8443',
    'proxy.corp.example',
  ]);
  assert.deepEqual(allowedHosts({}), []);
});

test('promptWorkbench.githubOrg becomes the org override (providers.github.org)', () => {
  const overrides = settingsOverrides({ defaultModels: [], providerBaseUrls: {}, cache: true, estimateOnType: true, githubOrg: 'acme' }, '/w');
  assert.equal(overrides.githubOrg, 'acme');
});
