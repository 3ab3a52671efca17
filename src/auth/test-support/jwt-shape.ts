/**
 * A JSON Web Token anywhere in a text: header.payload.signature in base64url, the header starting "eyJ" (`{"`). The
 * lab's bearer tokens have this shape; a lone base64 "eyJ…" does not (the content sets' descriptor `data` fields
 * carry base64 JSON), so leak scans look for all three parts.
 */
export const jwtShape = /eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]+/;
