/** Where an on-premises front end serves discovery, OAuth and applications (captures 03–07). */
export const rootPath = '/Autodiscover/AutodiscoverService.svc/root';
export const userPath = `${rootPath}/oauth/user`;
export const tokenPath = '/WebTicket/oauthtoken';
export const applicationsPath = '/ucwa/oauth/v1/applications';
/** redirect_ref.md's example: the redirect resource beside the user resource. */
export const redirectPath = `${rootPath}/user/redirect`;
