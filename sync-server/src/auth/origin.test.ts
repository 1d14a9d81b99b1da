import { describe, expect, it } from "vitest";
import { isAllowedOrigin } from "./origin.ts";

describe("isAllowedOrigin", () => {
  it("accepts the server's own origin over http or https", () => {
    expect(isAllowedOrigin("http://localhost:8080", "localhost:8080", [])).toBe(true);
    expect(isAllowedOrigin("https://ref.example.fr", "REF.example.fr", [])).toBe(true);
  });

  it("accepts a configured origin", () => {
    expect(isAllowedOrigin("http://localhost:5173", "localhost:8080", ["http://localhost:5173"])).toBe(true);
  });

  it("refuses other sites, other ports, missing and malformed origins", () => {
    expect(isAllowedOrigin("https://evil.example", "localhost:8080", ["http://localhost:5173"])).toBe(false);
    expect(isAllowedOrigin("http://localhost:9999", "localhost:8080", [])).toBe(false);
    expect(isAllowedOrigin(undefined, "localhost:8080", [])).toBe(false);
    expect(isAllowedOrigin("null", "localhost:8080", [])).toBe(false);
    expect(isAllowedOrigin("file://x", "x", [])).toBe(false);
  });
});
