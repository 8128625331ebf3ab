import { dropTemplates } from './databases';

export default async function globalTeardown(): Promise<void> {
  await dropTemplates();
}
