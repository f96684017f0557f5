import { v7 } from 'uuid';

/** Time-ordered ids made on the device (UUIDv7): unique without asking the server. */
export const newId = (): string => v7();
