export { ListLoading as default } from "@/components/admin/ListLoading";
