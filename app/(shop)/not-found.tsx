import { NotFoundMessage } from "@/components/layout/NotFoundMessage";

/** An order or address that is not there: the 404 inside the store's frame, in the visitor's language. */
export default function NotFound() {
  return <NotFoundMessage />;
}
