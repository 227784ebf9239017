// The users service's internal directory, as every service that mirrors users tests against it.
export { UsersDirectoryStandIn as UsersStandIn, type StandInUser } from '@marquee/testing';
