// The environment as the server reads it: defaults, validation messages, empty variables.
import { ConfigError, loadConfig } from '../src/config';

describe('loadConfig', () => {
  it('treats an empty variable as unset, so DATABASE_URL= selects the embedded database', () => {
    const config = loadConfig({ DATABASE_URL: '', PORT: ' ', DATA_DIR: '/tmp/kb' });
    expect(config.database).toEqual({ kind: 'pglite', dataDir: '/tmp/kb/pglite', optimizingCompiler: false });
    expect(config.port).toBe(4000);
  });

  it("lets the embedded database's WebAssembly be recompiled by the optimizing compiler", () => {
    const config = loadConfig({ DATA_DIR: '/tmp/kb', PGLITE_OPTIMIZING_COMPILER: 'true' });
    expect(config.database).toMatchObject({ kind: 'pglite', optimizingCompiler: true });
    expect(() => loadConfig({ PGLITE_OPTIMIZING_COMPILER: 'maybe' })).toThrow(/PGLITE_OPTIMIZING_COMPILER/);
  });

  it('caps how far the JavaScript heap grows on the embedded database, and leaves it to V8 on PostgreSQL', () => {
    const postgres = 'postgresql://postgres@127.0.0.1:5432/kb';
    expect(loadConfig({}).heapGrowthPercent).toBe(100);
    expect(loadConfig({ DATABASE_URL: postgres }).heapGrowthPercent).toBe(0);
    expect(loadConfig({ HEAP_GROWTH_PERCENT: '0' }).heapGrowthPercent).toBe(0);
    expect(loadConfig({ DATABASE_URL: postgres, HEAP_GROWTH_PERCENT: '50' }).heapGrowthPercent).toBe(50);
    expect(() => loadConfig({ HEAP_GROWTH_PERCENT: '-5' })).toThrow(/HEAP_GROWTH_PERCENT/);
    expect(() => loadConfig({ HEAP_GROWTH_PERCENT: 'half' })).toThrow(/HEAP_GROWTH_PERCENT/);
  });

  it('uses PostgreSQL when DATABASE_URL is a connection string', () => {
    const config = loadConfig({ DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/kb' });
    expect(config.database.kind).toBe('postgres');
  });

  it('names the variable and the reason when a value is invalid', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(
      /DATABASE_URL: must be a postgresql:\/\/ connection string/,
    );
  });

  it('reads CORS_ORIGINS=none as no other origin, and an empty value as the default', () => {
    expect(loadConfig({ CORS_ORIGINS: 'none' }).corsOrigins).toEqual([]);
    expect(loadConfig({ CORS_ORIGINS: '' }).corsOrigins).toBe('*');
  });
});
