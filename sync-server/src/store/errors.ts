/** Store errors carry a `code` the HTTP layer maps to a status (409 conflict, 404 not found). */
export class StoreError extends Error {
  constructor(
    readonly code: "conflict" | "not_found",
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A unique value is already taken (e.g. an email). */
export class ConflictError extends StoreError {
  constructor(message: string) {
    super("conflict", message);
  }
}

/** A record refers to a user or a référentiel that does not exist. */
export class NotFoundError extends StoreError {
  constructor(message: string) {
    super("not_found", message);
  }
}
