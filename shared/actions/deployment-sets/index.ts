/** The ECS deployment set actions (EC2: placement groups). */
export { DEPLOYMENT_SET_ACTIONS } from './deployment-sets';
