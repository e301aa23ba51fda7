import { spawn } from 'node:child_process';

// The platform packages go out first, each with its own binary.
const child = spawn('npm', ['run', 'napi:prepublish'], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 1));
