#!/usr/bin/env node
// The `firebreak` executable. TypeScript is loaded through tsx so that the checkout runs as it is,
// with no build step to forget (the same entry serves the Docker image).
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
