export { unknownActionHandler as handler } from './action-route';
