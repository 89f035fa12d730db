/** An in-memory table of records with numeric ids handed out in order. */
export class Table<T extends { id: number }> {
  private readonly rows = new Map<number, T>();
  private nextId: number;

  constructor(private readonly firstId: number) {
    this.nextId = firstId;
  }

  insert(row: Omit<T, "id">): T {
    const full = { ...row, id: this.nextId++ } as T;
    this.rows.set(full.id, full);
    return full;
  }

  get(id: number): T | undefined {
    return this.rows.get(id);
  }

  /** Merges `changes` into the row; undefined when there is no such row. */
  update(id: number, changes: Partial<Omit<T, "id">>): T | undefined {
    const row = this.rows.get(id);
    if (!row) return undefined;
    Object.assign(row, changes);
    return row;
  }

  delete(id: number): boolean {
    return this.rows.delete(id);
  }

  all(): T[] {
    return [...this.rows.values()];
  }

  where(predicate: (row: T) => boolean): T[] {
    return this.all().filter(predicate);
  }

  get size(): number {
    return this.rows.size;
  }

  clear(): void {
    this.rows.clear();
    this.nextId = this.firstId;
  }
}
