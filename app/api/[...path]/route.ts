import { AppError } from "@/lib/errors";
import { route } from "@/lib/http";

/**
 * Any path under /api that no route handler serves: 404 in the API's error shape (JSON, in the request's
 * language) for every method, instead of the storefront's HTML not-found page. Routes that exist are more
 * specific and always win over this catch-all.
 */
const notFound = route<{ path: string[] }>(async () => {
  throw new AppError("NOT_FOUND");
});

export {
  notFound as DELETE,
  notFound as GET,
  notFound as HEAD,
  notFound as OPTIONS,
  notFound as PATCH,
  notFound as POST,
  notFound as PUT,
};
