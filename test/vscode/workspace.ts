/**
 * The workspace the real-VS Code test opens: small, realistic projects, each with its build context on disk,
 * written to a fresh temporary directory at run time (the fake token is generated, never stored in git).
 *
 *   leaky/        a Node service: a secret ARG used by one RUN, `COPY . .` with a `.env` the `.dockerignore`
 *                 lets through, and a hard-coded (fake, checksum-valid) GitHub token in ENV
 *   clean/        the same service done right: secret mount, a `.dockerignore` that excludes `.env`
 *   services/     `api.Dockerfile` with its own `api.Dockerfile.dockerignore` (which wins over the folder's
 *                 `.dockerignore`, as in BuildKit) and a `Containerfile`
 *   broken-config/ a `.dockerlintrc.json` that is not valid JSON, next to a leaky Dockerfile
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fakes } from '@dockerlint/core/testing';
import { writeFilesIn } from '../helpers/temp-tree.js';

/** The fake GitHub token in `leaky/Dockerfile` (valid CRC-32 checksum, so core treats it as real). */
export const FAKE_GITHUB_TOKEN = fakes.githubClassic(1919);

export const LEAKY_DOCKERFILE = `FROM node:20-slim
WORKDIR /app
ARG NPM_TOKEN
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm NODE_AUTH_TOKEN=$NPM_TOKEN npm ci --omit=dev
COPY . .
ENV GITHUB_TOKEN=${FAKE_GITHUB_TOKEN}
USER node
CMD ["node", "src/server.js"]
`;

export const CLEAN_DOCKERFILE = `# syntax=docker/dockerfile:1.10
FROM node:20-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=secret,id=npm_token,env=NODE_AUTH_TOKEN --mount=type=cache,target=/root/.npm npm ci --omit=dev
COPY . .
USER node
CMD ["node", "src/server.js"]
`;

export const API_DOCKERFILE = `FROM python:3.12-slim
WORKDIR /srv
COPY . .
RUN pip install --no-cache-dir -r requirements.txt
CMD ["gunicorn", "api:app"]
`;

export const CONTAINERFILE = `FROM registry.access.redhat.com/ubi9/ubi-minimal
ARG REGISTRY_PASSWORD
RUN microdnf install -y tar && microdnf clean all
USER 1001
`;

/** Not valid JSON (a trailing comma): the server must say so once and go on with the defaults. */
export const BROKEN_CONFIG = `{
  "rules": {
    "no-secret-arg": "warning",
  }
}
`;

export interface Workspace {
  root: string;
  file(...parts: string[]): string;
}

const write = writeFilesIn;

const NODE_SERVICE = {
  'package.json': JSON.stringify({ name: 'orders-api', version: '1.4.0', private: true, main: 'src/server.js', dependencies: { express: '^4.21.2' } }, null, 2) + '\n',
  'package-lock.json': JSON.stringify({ name: 'orders-api', version: '1.4.0', lockfileVersion: 3, requires: true, packages: {} }, null, 2) + '\n',
  'src/server.js': "const express = require('express');\nconst app = express();\napp.get('/health', (_req, res) => res.send('ok'));\napp.listen(process.env.PORT ?? 8080);\n",
  '.env': 'DATABASE_URL=postgres://orders@db.internal:5432/orders\nSESSION_SECRET=change-me-locally\n',
};

export function createWorkspace(): Workspace {
  const root = path.join(mkdtempSync(path.join(tmpdir(), 'dockerlint-vscode-ws-')), 'shop');
  write(root, {
    ...Object.fromEntries(Object.entries(NODE_SERVICE).map(([name, text]) => [`leaky/${name}`, text])),
    'leaky/.dockerignore': 'node_modules\nnpm-debug.log\n',
    'leaky/Dockerfile': LEAKY_DOCKERFILE,

    ...Object.fromEntries(Object.entries(NODE_SERVICE).map(([name, text]) => [`clean/${name}`, text])),
    'clean/.dockerignore': 'node_modules\nnpm-debug.log\n**/.env\n**/.env.*\n.git\n',
    'clean/Dockerfile': CLEAN_DOCKERFILE,

    'services/requirements.txt': 'flask==3.1.0\ngunicorn==23.0.0\n',
    'services/api.py': 'from flask import Flask\n\napp = Flask(__name__)\n',
    'services/.env': 'FLASK_SECRET_KEY=dev-only\n',
    'services/.dockerignore': '**/.env\n__pycache__\n',
    'services/api.Dockerfile.dockerignore': '__pycache__\n*.pyc\n',
    'services/api.Dockerfile': API_DOCKERFILE,
    'services/Containerfile': CONTAINERFILE,

    'broken-config/.dockerlintrc.json': BROKEN_CONFIG,
    'broken-config/Dockerfile': 'FROM alpine:3.20\nARG SENTRY_AUTH_TOKEN\nRUN apk add --no-cache curl\n',
  });
  return { root, file: (...parts) => path.join(root, ...parts) };
}
