import { z } from 'zod';

// zod's JIT probes for eval with `Function('')` when a schema is defined: the page's CSP (no
// 'unsafe-eval') reports that as a violation even though zod catches it. Without JIT nothing is
// evaluated. Imported first by main.tsx, before any module defines a schema.
z.config({ jitless: true });
