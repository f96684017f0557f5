export { DeskError } from './api';
